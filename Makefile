# pfnmap-mkwrite: build, boot and test the vmf_insert_pfn_mkwrite() series.
# "make help" lists the targets and the settings; README.md says the rest.
# A target's "## " comment is its line in make help.

ARCH ?= x86_64
# make bench measures a kernel built as distributions build theirs (-O2).
ifneq ($(filter bench,$(MAKECMDGOALS)),)
FLAVOUR ?= perf
endif
FLAVOUR ?= plain
FLAVOURS ?=
ARCHES ?= x86_64 arm64 arm
export ARCH FLAVOUR FLAVOURS ARCHES

.PHONY: all deps tree tree-status export kernel selftests initramfs \
	check check-all check-base mutants fbscreen ssd1307fb run bench soak \
	shell vm-run lint clean help

all: check

help: ## this list
	@echo "make TARGET [SETTING=value ...]; targets:"
	@sed -n 's/^\([a-z0-9-]*\):.*## \(.*\)/\1|\2/p' Makefile | awk -F'|' '{ printf "  %-13s %s\n", $$1, $$2 }'
	@echo
	@echo "settings (make's variables or the environment; scripts/ say more):"
	@sed -n 's/^# setting: //p' Makefile | awk -F'|' '{ printf "  %-26s %s\n", $$1, $$2 }'

# setting: ARCH=x86_64|the test kernel's architecture: x86_64, arm64, arm (scripts/arch/)
# setting: FLAVOUR=plain|its flavour: plain, debug or perf (configs/flavour/; make bench: perf); an unknown one is an error
# setting: FLAVOURS|the flavours make check tests (default: plain debug on x86_64, plain elsewhere)
# setting: ARCHES|the architectures of make check-all (x86_64 arm64 arm)
# setting: BASE=1|the unpatched base instead of the series (check, fbscreen, ssd1307fb, kernel...)
# setting: MUTANTS, MUTANT_REPEAT|some mutants by name or path; boot each N times, with the rate
# setting: CMD, FILES|make vm-run: the guest's command, files copied to /extra
# setting: BENCH_ARGS, FB_BENCH_ARGS|options of the bench programs (-r 3 -n 64, -f cycle ...)
# setting: BENCH_CLOCK=host|the bench's clock: host (wall time) or icount (1 ns = 1 guest instruction)
# setting: SOAK_SEQUENCES, SOAK_SEED|make soak: random sequences per protocol (1500), their seed
# setting: SOAK_STRESS|make soak: stress runs (5)
# setting: SSD1307FB_MUTANT=FILE|make ssd1307fb on a broken kernel of tests/mutants-ssd1307fb/
# setting: SSD1307FB_RACE, _NO_BUILD|ssd1307fb: seconds of racing writes (6); boot what is built
# setting: CHECK_EXTRA|guest commands appended to make check's main boot (to try the harness)
# setting: UPSTREAM_BASELINE|another file of the base's upstream counts (summarize.sh)
# setting: VM_TIMEOUT|a boot's hard timeout in s (900; bench 1800, soak 3600)
# setting: VM_KERNEL|boot this kernel image instead (vm-run, fbscreen; make check refuses it)
# setting: VM_APPEND|more kernel command line
# setting: PFNMAP_ACCEL=tcg|never try KVM
# setting: PFNMAP_CACHE|the download cache (~/.cache/pfnmap-mkwrite), shared by clones
# setting: PFNMAP_DEBIAN_MIRROR|the Debian archive to fetch from (default: the one apt uses)
# setting: BUSYBOX|the x86_64 guest's busybox (/bin/busybox)
# setting: BUILD|the build directory (build/)

# Every build starts here: it installs what is missing (and says so); it is
# quick when all is there.
deps: ## install what is missing (Debian packages, the base, sparse, target packages)
	@scripts/deps.sh

build/linux/.git: | deps
	scripts/tree.sh

tree: ## build/linux: the base, then every submission of patches/series
	scripts/tree.sh

tree-status: ## non-zero, saying what, if build/linux holds work patches/ lacks
	scripts/tree-status.sh

export: ## regenerate patches/ from build/linux
	scripts/export.sh

kernel: deps build/linux/.git ## the test kernel of ARCH and FLAVOUR
	scripts/build-kernel.sh

selftests: kernel ## its selftests
	scripts/build-selftests.sh

initramfs: kernel selftests ## its initramfs
	scripts/mkinitramfs.sh

check: deps build/linux/.git ## build and boot the kernels of FLAVOURS on ARCH, run every suite, one summary
	scripts/check.sh

check-all: ## make check on every architecture of ARCHES, one summary
	scripts/check-all.sh

check-base: ## the same suites on the unpatched base; writes scripts/upstream-baseline
	$(MAKE) check BASE=1 FLAVOURS=plain

# scripts/mutants.sh says how to write one.
mutants: deps build/linux/.git ## the broken kernels of tests/mutants/: each must fail its tests
	scripts/mutants.sh

fbscreen: initramfs ## the screen check alone: virtio-gpu and bochs (x86_64)
	scripts/fbscreen.sh

ssd1307fb: deps build/linux/.git ## ssd1307fb on an emulated I2C OLED, checked on the bus (arm)
	scripts/ssd1307fb.sh

run: initramfs ## the main job: write-notify cycle and race fix, one report
	scripts/run.sh

bench: initramfs ## the benchmark of the perf kernel (-O2), one boot: build/results/bench.*
	scripts/bench.sh

soak: initramfs ## more of pfnmap_stress in one boot
	scripts/soak.sh

shell: initramfs ## the test VM with a shell on this terminal
	scripts/shell.sh

# make vm-run CMD='./pfnmap' FILES='a.out data' (the guest starts in
# /selftests/mm, with scripts/guest-lib.sh's helpers)
vm-run: initramfs ## run CMD in the test VM
	printf '%s\n' "$(CMD)" | scripts/vm-run-cmd.sh $(FILES)

lint: ## checkpatch, kernel-doc, W=1, sparse, recipients, the harness self-tests, shellcheck
	scripts/lint.sh

clean: ## remove build products (not build/linux, not the cache)
	rm -rf build/obj build/selftests build/initramfs* build/results \
		build/mutant/obj build/mutant/initramfs*
