# pfnmap-mkwrite: build, boot and test the vmf_insert_pfn_mkwrite() series.
# See README.md.  ARCH (x86_64, arm64, arm) and FLAVOUR (plain, debug) select
# the test kernel; make check tests every flavour in FLAVOURS (by default
# both on x86_64, plain on the others), make check-all every architecture in
# ARCHES; make mutants shows that the tests catch the broken kernels of
# tests/mutants/.

ARCH ?= x86_64
FLAVOUR ?= plain
# FLAVOURS=plain for a quick check: the debug kernel (KASAN, lockdep...)
# takes about twice as long to build and four times as long to test.
FLAVOURS ?=
export ARCH FLAVOUR FLAVOURS

.PHONY: all deps tree tree-status export kernel selftests initramfs \
	check check-all check-base mutants fbscreen ssd1307fb run bench soak \
	shell vm-run lint clean

all: check

# Every build starts here: it installs what is missing (and says so) and
# makes sure the base is in the cache; it is quick when all is there.
deps:
	@scripts/deps.sh

build/linux/.git: | deps
	scripts/tree.sh

tree:
	scripts/tree.sh

tree-status:
	scripts/tree-status.sh

export:
	scripts/export.sh

kernel: deps build/linux/.git
	scripts/build-kernel.sh

selftests: kernel
	scripts/build-selftests.sh

initramfs: kernel selftests
	scripts/mkinitramfs.sh

# Every flavour in FLAVOURS: build what is stale, boot, test.
check: deps build/linux/.git
	scripts/check.sh

# make check on x86_64, arm64 and 32-bit arm (no pte_special()), one summary.
ARCHES ?= x86_64 arm64 arm
export ARCHES
check-all:
	scripts/check-all.sh

# The same suites on the unpatched base: the regression guard must be green
# there too.
check-base:
	$(MAKE) check BASE=1 FLAVOURS=plain

# Deliberately broken kernels (tests/mutants/, scripts/mutants.sh says how
# to write one), built out of tree: each must fail the tests it names.
# MUTANTS="a b" for some; MUTANT_REPEAT=N boots each N times, with the rate.
mutants: deps build/linux/.git
	scripts/mutants.sh

# The screen check alone (x86_64, FLAVOUR; BASE=1 on the unpatched base):
# virtio-gpu and bochs, a boot each, as make check runs them.
fbscreen: initramfs
	scripts/fbscreen.sh

# ssd1307fb on an emulated I2C OLED (32-bit arm, QEMU's vexpress-a15),
# checked on the bus; BASE=1 on the unpatched base.
ssd1307fb: deps build/linux/.git
	scripts/ssd1307fb.sh

# The main job: the write-notify cycle and the race fix, in one report.
run: initramfs
	scripts/run.sh

# What the protocols cost, side by side in one boot: build/results/bench.*
bench: initramfs
	scripts/bench.sh

# More of pfnmap_stress than make check runs: SOAK_SEQUENCES random
# sequences per protocol (1500), SOAK_SEED to rerun one, SOAK_STRESS runs.
soak: initramfs
	scripts/soak.sh

# The same VM with the module loaded and a shell on this terminal.
shell: initramfs
	scripts/shell.sh

# make vm-run CMD='cd /selftests/mm && ./pfnmap' FILES='a.out data'
vm-run: initramfs
	@printf '%s\n' "$(CMD)" >build/vm-run.sh
	scripts/vm-run.sh build/vm-run.sh build/results/vm-run $(FILES)
	@cat build/results/vm-run/guest.out

lint:
	scripts/lint.sh

clean:
	rm -rf build/obj build/selftests build/initramfs* build/results \
		build/mutant/obj build/mutant/initramfs*
