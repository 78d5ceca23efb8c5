// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stress, random operation sequences and bad input for the PFNMAP dirty
 * tracking test driver (mm/pfnmap_test.c, /dev/pfnmap_test), once for each
 * protocol it offers to make a clean page writable:
 *
 *  - stress: writer threads on several mappings of one buffer, fork children
 *    writing through an inherited mapping, a flusher every millisecond and,
 *    all the while, munmap()/mmap(), mremap(), mprotect(), fsync() and
 *    msync().  Afterwards the device copy must hold the last value written
 *    to each page.  The old protocol (->pfn_mkwrite returning 0) must lose
 *    some, or the test could not see the bug; the others must lose none.
 *  - random: seeded sequences of mmap, munmap, mremap, mprotect, fork, loads,
 *    stores, read(), fsync(), msync() and ioctls, in one thread, checked
 *    after each step against a model of the buffer, the device copy, the
 *    dirty pages and which accesses must fault.  PFNMAP_STRESS_SEED and
 *    PFNMAP_STRESS_SEQUENCES set the seed (by default from the clock) and
 *    the number of sequences; a failure prints how to rerun it alone.
 *  - ioctl_sweep: every ioctl with out-of-range, garbage and misaligned
 *    arguments and with user pointers that fault, before and after setup:
 *    each must get the error its checks give, and the device must still
 *    work afterwards.
 *
 * It is this project's own proof, not part of the series: built against the
 * tree's headers and mm selftest helpers by scripts/build-selftests.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "pfnmap_test_helpers.h"
#include "vm_util.h"
#include "kselftest_harness.h"

#define RACE_NOT_REPRODUCED \
	"race not reproduced: the old protocol lost no write, this test cannot see the bug"

/* Where SIGSEGV and SIGBUS return to, per thread; NULL: not expected. */
static __thread sigjmp_buf *fault_env;

static void fault_handler(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	if (fault_env)
		siglongjmp(*fault_env, sig);
	/* Not expected: the access faults again and the signal ends the test. */
	sigaction(sig, &dfl, NULL);
}

/* Turn the faults of try_copy() and try_store() into return values. */
static int catch_faults(void)
{
	struct sigaction sa = { .sa_handler = fault_handler };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL))
		return -errno;
	return 0;
}

/*
 * memcpy(), or the signal that it raised.  The signal fences keep the
 * accesses between setting and clearing fault_env.
 */
static int try_copy(void *dst, const void *src, size_t len)
{
	sigjmp_buf env;
	int sig;

	sig = sigsetjmp(env, 1);
	if (!sig) {
		fault_env = &env;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		memcpy(dst, src, len);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
	fault_env = NULL;
	return sig;
}

/* One plain 64-bit store, or the signal it raised. */
static int try_store(uint64_t *addr, uint64_t val)
{
	sigjmp_buf env;
	int sig;

	sig = sigsetjmp(env, 1);
	if (!sig) {
		fault_env = &env;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		store_u64(addr, val);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
	fault_env = NULL;
	return sig;
}

static const char *sig_name(int sig)
{
	return sig ? strsignal(sig) : "no signal";
}

static const char *err_name(int err)
{
	return err ? strerror(err) : "success";
}

static size_t first_diff(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < len; i++)
		if (x[i] != y[i])
			break;
	return i;
}

/* A small, fast generator (splitmix64): the same seed, the same sequence. */
static uint64_t rnd(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long rnd_below(uint64_t *state, unsigned long n)
{
	return rnd(state) % n;
}

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) +
	       (now.tv_nsec - start->tv_nsec) / 1e9;
}

FIXTURE(pfnmap_stress)
{
	int fd;
	size_t pagesize;
};

FIXTURE_VARIANT(pfnmap_stress)
{
	const char *name;	/* the variant's name, to rerun it alone */
	__u32 protocol;
	__u32 backing;
	/* the old protocol: a flush in the mkwrite window loses writes */
	bool racy;
	/* PFNMAP_TEST_* setup flags */
	__u32 flags;
};

FIXTURE_VARIANT_ADD(pfnmap_stress, mkwrite_pages)
{
	.name = "mkwrite_pages",
	.protocol = PFNMAP_TEST_PROTO_MKWRITE,
	.backing = PFNMAP_TEST_BACKING_PAGES,
};

FIXTURE_VARIANT_ADD(pfnmap_stress, mkwrite_vmalloc)
{
	.name = "mkwrite_vmalloc",
	.protocol = PFNMAP_TEST_PROTO_MKWRITE,
	.backing = PFNMAP_TEST_BACKING_VMALLOC,
};

/* The PTEs stay writable, the flusher harvests their dirty bits. */
FIXTURE_VARIANT_ADD(pfnmap_stress, harvest_pages)
{
	.name = "harvest_pages",
	.protocol = PFNMAP_TEST_PROTO_HARVEST,
	.backing = PFNMAP_TEST_BACKING_PAGES,
};

/* vmwgfx's method converted to the API (the test driver's model). */
FIXTURE_VARIANT_ADD(pfnmap_stress, vmwgfx_converted_pages)
{
	.name = "vmwgfx_converted_pages",
	.protocol = PFNMAP_TEST_PROTO_MKWRITE,
	.backing = PFNMAP_TEST_BACKING_PAGES,
	.flags = PFNMAP_TEST_FAULT_READ_ONLY | PFNMAP_TEST_WRPROTECT_SPAN,
};

FIXTURE_VARIANT_ADD(pfnmap_stress, return0_pages)
{
	.name = "return0_pages",
	.protocol = PFNMAP_TEST_PROTO_RETURN0,
	.backing = PFNMAP_TEST_BACKING_PAGES,
	.racy = true,
};

FIXTURE_VARIANT_ADD(pfnmap_stress, zap_pages)
{
	.name = "zap_pages",
	.protocol = PFNMAP_TEST_PROTO_ZAP,
	.backing = PFNMAP_TEST_BACKING_PAGES,
};

FIXTURE_VARIANT_ADD(pfnmap_stress, page_mkwrite_vmalloc)
{
	.name = "page_mkwrite_vmalloc",
	.protocol = PFNMAP_TEST_PROTO_PAGE_MKWRITE,
	.backing = PFNMAP_TEST_BACKING_VMALLOC,
};

/* Its flusher takes no page lock, as fb_defio's worker did: racy. */
FIXTURE_VARIANT_ADD(pfnmap_stress, page_mkwrite_nolock_vmalloc)
{
	.name = "page_mkwrite_nolock_vmalloc",
	.protocol = PFNMAP_TEST_PROTO_PAGE_MKWRITE_NOLOCK,
	.backing = PFNMAP_TEST_BACKING_VMALLOC,
	.racy = true,
};

FIXTURE_SETUP(pfnmap_stress)
{
	self->pagesize = getpagesize();
	self->fd = dev_open(O_RDWR);
	ASSERT_GE(self->fd, 0);
	ASSERT_EQ(catch_faults(), 0);
}

FIXTURE_TEARDOWN(pfnmap_stress)
{
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * stress
 *
 * Each writer owns a page and stores 1, 2, 3, ... into its first word, in
 * bursts, changing its mapping between bursts.  Its last value is in the
 * buffer when it stops, and must reach the device copy.
 */
#define STRESS_PAGES		64
#define STRESS_SECONDS		3
#define STRESS_MAX_CYCLES	50000	/* mapping changes or forks per thread */
#define STRESS_BURST		256
#define STRESS_CHILD_WRITES	1000000UL
#define STRESS_FLUSH_DELAY_US	1000
#define STRESS_FSYNC_US		1000
#define STRESS_WINDOW_US	200
#define STRESS_MAX_THREADS	32

enum stress_kind {
	STRESS_STABLE,		/* through the two long-lived mappings in turn */
	STRESS_REMAP,		/* through its own mapping, munmap()ed and mmap()ed again */
	STRESS_MREMAP,		/* through its own mapping, moved back and forth */
	STRESS_MPROTECT,	/* through its own mapping, made read-only and back */
	STRESS_FORK,		/* from fork children, through the inherited mapping */
	STRESS_FSYNC,		/* no page: fsync(), msync(), read() and STATS */
	STRESS_NR_KINDS,
};

static const struct {
	const char *name;
	unsigned int threads;
} stress_kinds[STRESS_NR_KINDS] = {
	[STRESS_STABLE]		= { "stable", 8 },
	[STRESS_REMAP]		= { "remap", 2 },
	[STRESS_MREMAP]		= { "mremap", 2 },
	[STRESS_MPROTECT]	= { "mprotect", 2 },
	[STRESS_FORK]		= { "fork", 2 },
	[STRESS_FSYNC]		= { "fsync", 1 },
};

/* Shared with the fork children. */
struct stress_shared {
	bool stop;
	uint64_t child_last[STRESS_PAGES];
};

struct stress {
	int fd;
	size_t pagesize;
	size_t size;
	char *map[2];		/* the whole buffer, twice, for the stable writers */
	struct stress_shared *shared;
	/*
	 * Held across every munmap() or mremap() and the mmap() that fills its
	 * hole again, and around mmap(NULL): no thread's mapping lands in a
	 * range that another thread is about to map with MAP_FIXED.
	 */
	pthread_mutex_t layout;
	pthread_barrier_t start;
	unsigned int finished;	/* threads with a cycle bound that are done */
};

struct stress_thread {
	pthread_t thread;
	struct stress *s;
	enum stress_kind kind;
	unsigned int page;
	char *buf;		/* a page for read(), STRESS_FSYNC only */
	uint64_t last;		/* the last value written, once stopped */
	unsigned long cycles;
	const char *failed;	/* what went wrong, or NULL */
	int err;		/* with this errno, or -signal */
};

static bool stress_stopped(struct stress *s)
{
	return __atomic_load_n(&s->shared->stop, __ATOMIC_RELAXED);
}

static void stress_stop(struct stress *s)
{
	__atomic_store_n(&s->shared->stop, true, __ATOMIC_RELAXED);
}

static void stress_fail(struct stress_thread *t, const char *what, int err)
{
	if (!t->failed) {
		t->failed = what;
		t->err = err;
	}
	stress_stop(t->s);
}

static uint64_t *stress_slot(struct stress *s, char *map, unsigned int page)
{
	return (uint64_t *)(map + (size_t)page * s->pagesize);
}

static uint64_t stress_burst(uint64_t *p, uint64_t n)
{
	unsigned int i;

	for (i = 0; i < STRESS_BURST; i++)
		store_u64(p, ++n);
	return n;
}

static char *stress_mmap(struct stress *s)
{
	void *map;

	pthread_mutex_lock(&s->layout);
	map = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
	pthread_mutex_unlock(&s->layout);
	return map;
}

static void stress_stable(struct stress_thread *t)
{
	struct stress *s = t->s;
	uint64_t n = 0;

	while (!stress_stopped(s))
		n = stress_burst(stress_slot(s, s->map[n / STRESS_BURST % 2], t->page), n);
	t->last = n;
}

static void stress_remap(struct stress_thread *t)
{
	struct stress *s = t->s;
	uint64_t n = 0;
	char *map;
	int ret;

	map = stress_mmap(s);
	if (map == MAP_FAILED)
		return stress_fail(t, "mmap", errno);
	while (!stress_stopped(s) && t->cycles < STRESS_MAX_CYCLES) {
		n = stress_burst(stress_slot(s, map, t->page), n);
		pthread_mutex_lock(&s->layout);
		ret = munmap(map, s->size);
		map = ret ? MAP_FAILED : mmap(NULL, s->size, PROT_READ | PROT_WRITE,
					      MAP_SHARED, s->fd, 0);
		pthread_mutex_unlock(&s->layout);
		if (map == MAP_FAILED) {
			stress_fail(t, ret ? "munmap" : "mmap", errno);
			break;
		}
		t->cycles++;
	}
	t->last = n;
	if (map != MAP_FAILED)
		munmap(map, s->size);
}

/* Moves its mapping between two slots of an address range of its own. */
static void stress_mremap(struct stress_thread *t)
{
	struct stress *s = t->s;
	char *resv, *map, *dst, *moved;
	uint64_t n = 0;

	pthread_mutex_lock(&s->layout);
	resv = mmap(NULL, 2 * s->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	map = resv == MAP_FAILED ? MAP_FAILED :
	      mmap(resv, s->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		   s->fd, 0);
	pthread_mutex_unlock(&s->layout);
	if (map == MAP_FAILED) {
		stress_fail(t, "mmap", errno);
		goto out;
	}
	while (!stress_stopped(s) && t->cycles < STRESS_MAX_CYCLES) {
		n = stress_burst(stress_slot(s, map, t->page), n);
		dst = map == resv ? resv + s->size : resv;
		pthread_mutex_lock(&s->layout);
		moved = mremap(map, s->size, s->size, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		if (moved == dst &&
		    mmap(map, s->size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			 -1, 0) == MAP_FAILED)
			moved = NULL;
		pthread_mutex_unlock(&s->layout);
		if (moved != dst) {
			stress_fail(t, moved ? "mremap" : "mmap over the old place", errno);
			break;
		}
		map = moved;
		t->cycles++;
	}
out:
	t->last = n;
	if (resv != MAP_FAILED)
		munmap(resv, 2 * s->size);
}

/*
 * Makes its mapping, or only its page, read-only between bursts: the page
 * must still show the last value, and a store must fault and change nothing.
 */
static void stress_mprotect(struct stress_thread *t)
{
	struct stress *s = t->s;
	uint64_t n = 0, *p;
	char *map, *start;
	size_t len;
	int sig;

	map = stress_mmap(s);
	if (map == MAP_FAILED)
		return stress_fail(t, "mmap", errno);
	p = stress_slot(s, map, t->page);
	while (!stress_stopped(s) && t->cycles < STRESS_MAX_CYCLES) {
		n = stress_burst(p, n);
		/* Every other time only the page: its vma is split and merged. */
		start = t->cycles % 2 ? (char *)p : map;
		len = t->cycles % 2 ? s->pagesize : s->size;
		if (mprotect(start, len, PROT_READ)) {
			stress_fail(t, "mprotect(PROT_READ)", errno);
			break;
		}
		if (__atomic_load_n(p, __ATOMIC_RELAXED) != n) {
			stress_fail(t, "the read-only page lost its last value", 0);
			break;
		}
		sig = try_store(p, n + 1);
		if (sig != SIGSEGV || __atomic_load_n(p, __ATOMIC_RELAXED) != n) {
			stress_fail(t, "a store to the read-only page did not get SIGSEGV", -sig);
			break;
		}
		if (mprotect(start, len, PROT_READ | PROT_WRITE)) {
			stress_fail(t, "mprotect(PROT_READ | PROT_WRITE)", errno);
			break;
		}
		t->cycles++;
	}
	t->last = n;
	munmap(map, s->size);
}

/* Children that continue the page's sequence through the inherited s->map[0]. */
static void stress_fork(struct stress_thread *t)
{
	struct stress *s = t->s;
	uint64_t n = 0, *p = stress_slot(s, s->map[0], t->page);
	unsigned long i;
	int status;
	pid_t pid;

	while (!stress_stopped(s) && t->cycles < STRESS_MAX_CYCLES) {
		pid = fork();
		if (pid < 0) {
			stress_fail(t, "fork", errno);
			break;
		}
		if (!pid) {
			/* The child of a threaded process: plain stores only. */
			for (i = 0; i < STRESS_CHILD_WRITES && !stress_stopped(s); i++)
				store_u64(p, ++n);
			s->shared->child_last[t->page] = n;
			_exit(0);
		}
		if (waitpid(pid, &status, 0) != pid) {
			stress_fail(t, "waitpid", errno);
			break;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			stress_fail(t, "the fork child did not exit 0",
				    WIFSIGNALED(status) ? -WTERMSIG(status) : 0);
			break;
		}
		n = s->shared->child_last[t->page];
		t->cycles++;
	}
	t->last = n;
}

/* fsync() and msync() in turn, every STRESS_FSYNC_US; reads now and then. */
static void stress_fsync(struct stress_thread *t)
{
	struct stress *s = t->s;
	struct pfnmap_test_stats stats;
	ssize_t ret;

	while (!stress_stopped(s)) {
		if (t->cycles % 2 ? fsync(s->fd) : msync(s->map[1], s->size, MS_SYNC)) {
			stress_fail(t, t->cycles % 2 ? "fsync" : "msync", errno);
			break;
		}
		if (t->cycles % 8 == 0) {
			ret = pread(s->fd, t->buf, s->pagesize,
				    (t->cycles / 8 % STRESS_PAGES) * s->pagesize);
			if (ret != (ssize_t)s->pagesize) {
				stress_fail(t, "read of the device copy", ret < 0 ? errno : 0);
				break;
			}
			if (dev_stats(s->fd, &stats)) {
				stress_fail(t, "PFNMAP_TEST_IOC_STATS", errno);
				break;
			}
		}
		usleep(STRESS_FSYNC_US);
		t->cycles++;
	}
}

static void *stress_thread_fn(void *arg)
{
	struct stress_thread *t = arg;

	pthread_barrier_wait(&t->s->start);
	switch (t->kind) {
	case STRESS_STABLE:
		stress_stable(t);
		break;
	case STRESS_REMAP:
		stress_remap(t);
		break;
	case STRESS_MREMAP:
		stress_mremap(t);
		break;
	case STRESS_MPROTECT:
		stress_mprotect(t);
		break;
	case STRESS_FORK:
		stress_fork(t);
		break;
	default:
		stress_fsync(t);
		return NULL;
	}
	if (t->kind != STRESS_STABLE)
		__atomic_add_fetch(&t->s->finished, 1, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * The run ends after STRESS_SECONDS, or earlier once every thread with a
 * cycle bound has done STRESS_MAX_CYCLES, or at the first failure.  All
 * variants get the same race window: only the protocol decides what is lost.
 */
TEST_F_TIMEOUT(pfnmap_stress, stress, 120)
{
	const struct pfnmap_test_setup setup = {
		.backing = variant->backing,
		.protocol = variant->protocol,
		.nr_pages = STRESS_PAGES,
		.flush_delay_us = STRESS_FLUSH_DELAY_US,
		.race_delay_us = STRESS_WINDOW_US,
		.flags = variant->flags,
	};
	unsigned int lost_by_kind[STRESS_NR_KINDS] = {};
	unsigned long cycles[STRESS_NR_KINDS] = {};
	struct stress_thread t[STRESS_MAX_THREADS];
	unsigned int nr = 0, nr_bounded = 0, page = 0;
	unsigned int i, k, lost = 0, failed = 0, bad = 0, stray = 0;
	unsigned long long writes = 0;
	struct pfnmap_test_stats stats;
	struct timespec start;
	struct stress s = {
		.fd = self->fd,
		.pagesize = self->pagesize,
		.size = STRESS_PAGES * self->pagesize,
		.layout = PTHREAD_MUTEX_INITIALIZER,
	};
	bool owned[STRESS_PAGES] = {};
	char *fsync_buf, lost_line[128];
	uint64_t *dev, *mem;
	double seconds;
	int len;

	ASSERT_EQ(dev_setup(s.fd, &setup), 0);
	for (i = 0; i < 2; i++) {
		s.map[i] = mmap(NULL, s.size, PROT_READ | PROT_WRITE, MAP_SHARED, s.fd, 0);
		ASSERT_NE(s.map[i], MAP_FAILED);
	}
	s.shared = mmap(NULL, sizeof(*s.shared), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(s.shared, MAP_FAILED);
	fsync_buf = malloc(s.pagesize);
	ASSERT_NE(fsync_buf, NULL);

	for (k = 0; k < STRESS_NR_KINDS; k++) {
		for (i = 0; i < stress_kinds[k].threads; i++) {
			ASSERT_LT(nr, STRESS_MAX_THREADS);
			t[nr] = (struct stress_thread) {
				.s = &s,
				.kind = k,
				.buf = fsync_buf,
			};
			if (k != STRESS_FSYNC) {
				ASSERT_LT(page, STRESS_PAGES);
				owned[page] = true;
				t[nr].page = page++;
			}
			nr_bounded += k != STRESS_STABLE && k != STRESS_FSYNC;
			nr++;
		}
	}

	/* Start together, once every thread stack is mapped. */
	ASSERT_EQ(pthread_barrier_init(&s.start, NULL, nr + 1), 0);
	for (i = 0; i < nr; i++)
		ASSERT_EQ(pthread_create(&t[i].thread, NULL, stress_thread_fn, &t[i]), 0);
	pthread_barrier_wait(&s.start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stress_stopped(&s) && elapsed(&start) < STRESS_SECONDS &&
	       __atomic_load_n(&s.finished, __ATOMIC_RELAXED) < nr_bounded)
		usleep(10000);
	stress_stop(&s);
	seconds = elapsed(&start);
	for (i = 0; i < nr; i++)
		ASSERT_EQ(pthread_join(t[i].thread, NULL), 0);
	pthread_barrier_destroy(&s.start);

	for (i = 0; i < nr; i++) {
		cycles[t[i].kind] += t[i].cycles;
		if (!t[i].failed)
			continue;
		TH_LOG("%s thread (page %u): %s: %s", stress_kinds[t[i].kind].name,
		       t[i].page, t[i].failed,
		       t[i].err < 0 ? sig_name(-t[i].err) : err_name(t[i].err));
		failed++;
	}
	EXPECT_EQ(failed, 0U);

	/* Everything stopped: one last flush must bring every last write. */
	ASSERT_EQ(fsync(s.fd), 0);
	dev = malloc(s.size);
	ASSERT_NE(dev, NULL);
	ASSERT_EQ(dev_read(s.fd, dev, s.size, 0), (ssize_t)s.size);
	mem = (uint64_t *)s.map[0];
	for (i = 0; i < nr; i++) {
		size_t word = t[i].page * s.pagesize / sizeof(uint64_t);

		if (t[i].kind == STRESS_FSYNC)
			continue;
		writes += t[i].last;
		if (mem[word] != t[i].last) {
			TH_LOG("page %u: the buffer has %ju, the last write was %ju",
			       t[i].page, (uintmax_t)mem[word], (uintmax_t)t[i].last);
			bad++;
		}
		if (dev[word] != t[i].last) {
			lost++;
			lost_by_kind[t[i].kind]++;
			if (!variant->racy)
				TH_LOG("page %u (%s): device copy has %ju, last write was %ju",
				       t[i].page, stress_kinds[t[i].kind].name,
				       (uintmax_t)dev[word], (uintmax_t)t[i].last);
		}
	}
	/* No write went anywhere else. */
	for (i = 0; i < STRESS_PAGES; i++) {
		char *d = (char *)dev + i * s.pagesize;
		char *m = s.map[0] + i * s.pagesize;

		if (owned[i])
			continue;
		if (d[0] || memcmp(d, d + 1, s.pagesize - 1) ||
		    m[0] || memcmp(m, m + 1, s.pagesize - 1)) {
			TH_LOG("page %u: nobody wrote it, but it is not zero", i);
			stray++;
		}
	}
	EXPECT_EQ(bad, 0U);
	EXPECT_EQ(stray, 0U);
	free(dev);
	ASSERT_EQ(dev_stats(s.fd, &stats), 0);

	ksft_print_msg("stress: writes=%llu flushes=%llu lost=%u pages=%u protocol=%s\n",
		       writes, (unsigned long long)stats.flushes, lost, page,
		       variant->name);
	ksft_print_msg("stress: mmaps=%lu mremaps=%lu mprotects=%lu forks=%lu fsyncs=%lu\n",
		       cycles[STRESS_REMAP], cycles[STRESS_MREMAP],
		       2 * cycles[STRESS_MPROTECT], cycles[STRESS_FORK],
		       cycles[STRESS_FSYNC]);
	ksft_print_msg("stress: faults=%llu mkwrites=%llu seconds=%.1f\n",
		       (unsigned long long)stats.faults,
		       (unsigned long long)stats.mkwrites, seconds);
	for (k = 0, len = 0; k < STRESS_FSYNC; k++)
		len += snprintf(lost_line + len, sizeof(lost_line) - len, " %s=%u/%u",
				stress_kinds[k].name, lost_by_kind[k],
				stress_kinds[k].threads);
	ksft_print_msg("stress: lost by writer:%s\n", lost_line);
	if (!variant->racy)
		EXPECT_EQ(lost, 0U);

	munmap(s.shared, sizeof(*s.shared));
	munmap(s.map[1], s.size);
	munmap(s.map[0], s.size);
	free(fsync_buf);
	/*
	 * The positive control: the harness, which knows the window, requires
	 * the loss; never skip over a failure above.
	 */
	if (variant->racy && !lost && _metadata->exit_code != KSFT_FAIL)
		SKIP(return, RACE_NOT_REPRODUCED);
}

/*
 * random
 *
 * One thread, flushes only on fsync() or msync(MS_SYNC): every result is
 * determined by the operations, and the model predicts it.  The model lives
 * in shared memory, so that a fork child's operations update it as well.
 */
#define RANDOM_SEQUENCES	60
#define RANDOM_OPS		48	/* per sequence, not counting fork children's */
#define RANDOM_CHILD_OPS	8
#define RANDOM_MAX_PAGES	12
#define RANDOM_MAX_MAPS		6	/* mmap() no more while this many ranges exist */
#define RANDOM_MAX_RANGES	24	/* ranges, after munmap() or mprotect() split them */
#define RANDOM_MAX_ACCESS_PAGES	2

#define RANDOM_RERUN \
	"rerun it alone: PFNMAP_STRESS_SEED=%llu PFNMAP_STRESS_SEQUENCES=1 ./pfnmap_stress -r pfnmap_stress.%s.random"

enum random_op {
	OP_MMAP,
	OP_MMAP_BAD,
	OP_MUNMAP,
	OP_MPROTECT,
	OP_MREMAP_MOVE,
	OP_MREMAP_SHRINK,
	OP_MREMAP_GROW,
	OP_LOAD,
	OP_STORE,
	OP_READ,
	OP_READ_TO_MAP,
	OP_FSYNC,
	OP_MSYNC,
	OP_FORK,
	OP_STATS,
	OP_PAGE_STATS,
	OP_RESET_STATS,
	OP_SETUP,
	OP_NR,
};

static const struct {
	const char *name;
	unsigned int weight;
	bool in_child;		/* leaves the address space as it is */
	bool needs_range;
} random_ops[OP_NR] = {
	[OP_MMAP]		= { "mmap", 6, false, false },
	[OP_MMAP_BAD]		= { "bad mmap", 1, false, false },
	[OP_MUNMAP]		= { "munmap", 3, false, true },
	[OP_MPROTECT]		= { "mprotect", 4, false, true },
	[OP_MREMAP_MOVE]	= { "mremap move", 2, false, true },
	[OP_MREMAP_SHRINK]	= { "mremap shrink", 1, false, true },
	[OP_MREMAP_GROW]	= { "mremap grow", 1, false, true },
	[OP_LOAD]		= { "load", 8, true, true },
	[OP_STORE]		= { "store", 14, true, true },
	[OP_READ]		= { "read", 3, true, false },
	[OP_READ_TO_MAP]	= { "read into a mapping", 3, true, true },
	[OP_FSYNC]		= { "fsync", 3, true, false },
	[OP_MSYNC]		= { "msync", 3, true, true },
	[OP_FORK]		= { "fork", 2, false, false },
	[OP_STATS]		= { "STATS", 2, true, false },
	[OP_PAGE_STATS]		= { "PAGE_STATS", 2, true, false },
	[OP_RESET_STATS]	= { "RESET_STATS", 1, true, false },
	[OP_SETUP]		= { "SETUP again", 1, true, false },
};

/* Pages [pgoff, pgoff + npages) of the buffer at @addr, with @prot. */
struct model_range {
	char *addr;
	unsigned int pgoff;
	unsigned int npages;
	int prot;
};

struct model {
	struct pfnmap_test_setup setup;
	int fd;
	size_t ps;
	size_t size;
	uint64_t rng;
	unsigned char *mem;	/* what the buffer holds, and mappings show */
	unsigned char *dev;	/* what the device copy must hold */
	unsigned char *buf;	/* scratch, RANDOM_MAX_PAGES + 1 pages */
	struct model_range r[RANDOM_MAX_RANGES];
	unsigned int nr;
	bool dirty[RANDOM_MAX_PAGES];
	__u32 page_flushes[RANDOM_MAX_PAGES];
	__u64 flushes;
	__u64 pages_flushed;
	unsigned long ops;	/* in all sequences */
	unsigned long seq_ops;	/* in this one */
	unsigned long faults;	/* SIGSEGV or EFAULT expected, and seen */
	unsigned long checks;	/* full comparisons with the device copy */
	enum random_op op;	/* the one being done */
	bool in_child;
	char err[320];		/* the first mismatch */
};

static const char *prot_name(int prot)
{
	if (prot & PROT_WRITE)
		return "read/write";
	return prot & PROT_READ ? "read-only" : "PROT_NONE";
}

static __printf(2, 3) int model_fail(struct model *m, const char *fmt, ...)
{
	va_list ap;

	if (!m->err[0]) {
		va_start(ap, fmt);
		vsnprintf(m->err, sizeof(m->err), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static size_t range_len(struct model *m, struct model_range *r)
{
	return (size_t)r->npages * m->ps;
}

/* Offset in the buffer of byte @off of @r. */
static size_t range_boff(struct model *m, struct model_range *r, size_t off)
{
	return (size_t)r->pgoff * m->ps + off;
}

/* A write to [@boff, @boff + @len) of the buffer: its pages are dirty. */
static void model_write(struct model *m, size_t boff, const void *data, size_t len)
{
	size_t p;

	memcpy(m->mem + boff, data, len);
	for (p = boff / m->ps; p <= (boff + len - 1) / m->ps; p++)
		m->dirty[p] = true;
}

static void model_flush(struct model *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->setup.nr_pages; i++) {
		if (!m->dirty[i])
			continue;
		memcpy(m->dev + i * m->ps, m->mem + i * m->ps, m->ps);
		m->dirty[i] = false;
		m->page_flushes[i]++;
		n++;
	}
	if (n) {
		m->flushes++;
		m->pages_flushed += n;
	}
}

static int check_device(struct model *m)
{
	ssize_t ret = dev_read(m->fd, m->buf, m->size, 0);
	size_t diff;

	if (ret != (ssize_t)m->size)
		return model_fail(m, "read of the device copy: %zd, expected %zu",
				  ret, m->size);
	m->checks++;
	diff = first_diff(m->buf, m->dev, m->size);
	if (diff < m->size)
		return model_fail(m,
				  "device copy at page %zu byte %zu is 0x%02x, the model has 0x%02x",
				  diff / m->ps, diff % m->ps, m->buf[diff], m->dev[diff]);
	return 0;
}

/*
 * A harvest finds the dirty pages in the PTEs at the flush and copies every
 * page of an unmapped range: its counters are not the model's, its device
 * copy is.
 */
static bool model_counts(struct model *m)
{
	return m->setup.protocol != PFNMAP_TEST_PROTO_HARVEST;
}

static int check_page_stat(struct model *m, unsigned int page,
			   const struct pfnmap_test_page_stats *st)
{
	if (!model_counts(m))
		return 0;
	if (st->dirty != m->dirty[page] || st->flushes != m->page_flushes[page])
		return model_fail(m, "page %u: dirty=%u flushes=%u, the model has %u %u",
				  page, st->dirty, st->flushes, m->dirty[page],
				  m->page_flushes[page]);
	return 0;
}

static int check_stats(struct model *m, const struct pfnmap_test_stats *st)
{
	if (!model_counts(m))
		return 0;
	if (st->flushes != m->flushes || st->pages_flushed != m->pages_flushed)
		return model_fail(m, "flushes=%llu pages_flushed=%llu, the model has %llu %llu",
				  (unsigned long long)st->flushes,
				  (unsigned long long)st->pages_flushed,
				  (unsigned long long)m->flushes,
				  (unsigned long long)m->pages_flushed);
	return 0;
}

/* The device copy, the dirty pages and the counters, all as the model says. */
static int check_all(struct model *m)
{
	struct pfnmap_test_page_stats st[RANDOM_MAX_PAGES];
	struct pfnmap_test_stats stats;
	unsigned int i;
	int ret;

	if (check_device(m))
		return -1;
	ret = dev_page_stats(m->fd, 0, m->setup.nr_pages, st);
	if (ret)
		return model_fail(m, "PAGE_STATS: %s", strerror(-ret));
	for (i = 0; i < m->setup.nr_pages; i++)
		if (check_page_stat(m, i, &st[i]))
			return -1;
	ret = dev_stats(m->fd, &stats);
	if (ret)
		return model_fail(m, "STATS: %s", strerror(-ret));
	return check_stats(m, &stats);
}

/* An address that nothing maps any more must fault. */
static int check_unmapped(struct model *m, char *addr, const char *what)
{
	int sig = try_copy(m->buf, addr, 1);

	if (sig != SIGSEGV)
		return model_fail(m, "a load from %s got %s, expected SIGSEGV",
				  what, sig_name(sig));
	m->faults++;
	return 0;
}

static unsigned int pick_range(struct model *m)
{
	return rnd_below(&m->rng, m->nr);
}

/* A part of range @i: all of it, or (if there is room to split) pages of it. */
static void pick_part(struct model *m, unsigned int i, unsigned int *first,
		      unsigned int *count)
{
	unsigned int npages = m->r[i].npages;

	if (m->nr + 2 > RANDOM_MAX_RANGES || rnd_below(&m->rng, 2)) {
		*first = 0;
		*count = npages;
		return;
	}
	*first = rnd_below(&m->rng, npages);
	*count = 1 + rnd_below(&m->rng, npages - *first);
}

/* Make pages [@first, @first + @count) of range @i a range of their own. */
static unsigned int model_isolate(struct model *m, unsigned int i,
				  unsigned int first, unsigned int count)
{
	struct model_range *r = &m->r[i];

	if (first + count < r->npages) {
		m->r[m->nr++] = (struct model_range) {
			.addr = r->addr + (first + count) * m->ps,
			.pgoff = r->pgoff + first + count,
			.npages = r->npages - first - count,
			.prot = r->prot,
		};
		r->npages = first + count;
	}
	if (!first)
		return i;
	m->r[m->nr++] = (struct model_range) {
		.addr = r->addr + first * m->ps,
		.pgoff = r->pgoff + first,
		.npages = count,
		.prot = r->prot,
	};
	r->npages = first;
	return m->nr - 1;
}

static void model_remove(struct model *m, unsigned int i)
{
	m->r[i] = m->r[--m->nr];
}

static int random_prot(struct model *m)
{
	static const int prots[] = {
		PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE,
	};

	return prots[rnd_below(&m->rng, ARRAY_SIZE(prots))];
}

static int op_munmap(struct model *m);

static int op_mmap(struct model *m)
{
	unsigned int nr_pages = m->setup.nr_pages;
	unsigned int pgoff, npages;
	char *addr;
	int prot;

	if (m->nr >= RANDOM_MAX_MAPS)
		return op_munmap(m);
	pgoff = rnd_below(&m->rng, nr_pages);
	npages = 1 + rnd_below(&m->rng, nr_pages - pgoff);
	prot = random_prot(m);
	addr = mmap(NULL, npages * m->ps, prot, MAP_SHARED, m->fd, pgoff * m->ps);
	if (addr == MAP_FAILED)
		return model_fail(m, "mmap of pages %u-%u, %s: %s", pgoff,
				  pgoff + npages - 1, prot_name(prot), strerror(errno));
	m->r[m->nr++] = (struct model_range) {
		.addr = addr,
		.pgoff = pgoff,
		.npages = npages,
		.prot = prot,
	};
	return 0;
}

/* Private, past the end, or at an unaligned offset: EINVAL. */
static int op_mmap_bad(struct model *m)
{
	unsigned int nr_pages = m->setup.nr_pages;
	int flags = MAP_SHARED;
	size_t len = m->ps;
	off_t off = 0;
	void *addr;

	switch (rnd_below(&m->rng, 4)) {
	case 0:
		flags = MAP_PRIVATE;
		len = (1 + rnd_below(&m->rng, nr_pages)) * m->ps;
		break;
	case 1:
		off = rnd_below(&m->rng, nr_pages) * m->ps;
		len = m->size - off + (1 + rnd_below(&m->rng, 2)) * m->ps;
		break;
	case 2:
		off = (nr_pages + rnd_below(&m->rng, 4)) * m->ps;
		break;
	default:
		off = 1 + rnd_below(&m->rng, m->ps - 1);
		break;
	}
	addr = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, m->fd, off);
	if (addr != MAP_FAILED) {
		munmap(addr, len);
		return model_fail(m, "mmap of %zu bytes at %jd, %s: accepted", len,
				  (intmax_t)off, flags == MAP_PRIVATE ? "private" : "shared");
	}
	if (errno != EINVAL)
		return model_fail(m, "mmap of %zu bytes at %jd, %s: %s, expected EINVAL",
				  len, (intmax_t)off,
				  flags == MAP_PRIVATE ? "private" : "shared", strerror(errno));
	return 0;
}

static int op_munmap(struct model *m)
{
	unsigned int i = pick_range(m), first, count;
	char *addr;

	pick_part(m, i, &first, &count);
	i = model_isolate(m, i, first, count);
	addr = m->r[i].addr;
	if (munmap(addr, range_len(m, &m->r[i])))
		return model_fail(m, "munmap: %s", strerror(errno));
	model_remove(m, i);
	return check_unmapped(m, addr, "an unmapped range");
}

static int op_mprotect(struct model *m)
{
	unsigned int i = pick_range(m), first, count;
	int prot;

	pick_part(m, i, &first, &count);
	i = model_isolate(m, i, first, count);
	prot = random_prot(m);
	if (mprotect(m->r[i].addr, range_len(m, &m->r[i]), prot))
		return model_fail(m, "mprotect(%s): %s", prot_name(prot), strerror(errno));
	m->r[i].prot = prot;
	return 0;
}

/* Move a range into a place reserved for it. */
static int op_mremap_move(struct model *m)
{
	unsigned int i = pick_range(m), first, count;
	char *old, *resv, *addr;
	size_t len;

	pick_part(m, i, &first, &count);
	i = model_isolate(m, i, first, count);
	old = m->r[i].addr;
	len = range_len(m, &m->r[i]);
	resv = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (resv == MAP_FAILED)
		return model_fail(m, "mmap of a place to move to: %s", strerror(errno));
	addr = mremap(old, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, resv);
	if (addr != resv) {
		if (addr == MAP_FAILED)
			munmap(resv, len);
		return model_fail(m, "mremap of %zu bytes to %p: %s", len, resv,
				  addr == MAP_FAILED ? strerror(errno) : "moved elsewhere");
	}
	m->r[i].addr = addr;
	return check_unmapped(m, old, "where a mapping moved from");
}

static int op_mremap_grow(struct model *m);

static int op_mremap_shrink(struct model *m)
{
	unsigned int i = pick_range(m), npages = m->r[i].npages;
	size_t len = range_len(m, &m->r[i]);
	char *addr;

	if (npages < 2)
		return op_mremap_grow(m);
	npages = 1 + rnd_below(&m->rng, npages - 1);
	addr = mremap(m->r[i].addr, len, npages * m->ps, 0);
	if (addr != m->r[i].addr)
		return model_fail(m, "mremap from %zu to %zu bytes: %s", len,
				  npages * m->ps,
				  addr == MAP_FAILED ? strerror(errno) : "moved");
	m->r[i].npages = npages;
	return check_unmapped(m, addr + npages * m->ps, "the end cut off by mremap");
}

/* VM_DONTEXPAND (and VM_PFNMAP): mremap() must not grow the mapping. */
static int op_mremap_grow(struct model *m)
{
	unsigned int i = pick_range(m);
	size_t len = range_len(m, &m->r[i]);
	size_t new_len = len + (1 + rnd_below(&m->rng, 2)) * m->ps;
	int flags = rnd_below(&m->rng, 2) ? MREMAP_MAYMOVE : 0;
	char *addr;

	addr = mremap(m->r[i].addr, len, new_len, flags);
	if (addr != MAP_FAILED) {
		m->r[i].addr = addr;
		munmap(addr + len, new_len - len);
		return model_fail(m, "mremap from %zu to %zu bytes: accepted", len, new_len);
	}
	if (errno != EFAULT)
		return model_fail(m, "mremap from %zu to %zu bytes: %s, expected EFAULT",
				  len, new_len, strerror(errno));
	return 0;
}

/* A random byte range of range @i: its offset and length. */
static size_t pick_bytes(struct model *m, unsigned int i, size_t *len)
{
	size_t rlen = range_len(m, &m->r[i]);
	size_t off = rnd_below(&m->rng, rlen);
	size_t max = rlen - off;

	if (max > RANDOM_MAX_ACCESS_PAGES * m->ps)
		max = RANDOM_MAX_ACCESS_PAGES * m->ps;
	*len = 1 + rnd_below(&m->rng, max);
	return off;
}

/*
 * Load or store a random byte range.  It must work where the protection
 * allows it and get SIGSEGV where it does not; a load must see the model's
 * bytes, a store dirties the pages it touches.
 */
static int op_access(struct model *m, bool store)
{
	unsigned int i = pick_range(m);
	struct model_range *r = &m->r[i];
	bool allowed = r->prot & (store ? PROT_WRITE : PROT_READ);
	size_t len, off = pick_bytes(m, i, &len);
	size_t boff = range_boff(m, r, off), j, diff;
	char *addr = r->addr + off;
	int sig;

	if (store)
		for (j = 0; j < len; j++)
			m->buf[j] = rnd(&m->rng);
	sig = store ? try_copy(addr, m->buf, len) : try_copy(m->buf, addr, len);
	if (allowed ? sig : sig != SIGSEGV)
		return model_fail(m,
				  "%s of %zu bytes at page %zu+%zu of a %s mapping: %s, expected %s",
				  store ? "store" : "load", len, boff / m->ps,
				  boff % m->ps, prot_name(r->prot), sig_name(sig),
				  allowed ? "none" : "SIGSEGV");
	if (!allowed) {
		m->faults++;
		return 0;
	}
	if (store) {
		model_write(m, boff, m->buf, len);
		return 0;
	}
	diff = first_diff(m->buf, m->mem + boff, len);
	if (diff < len)
		return model_fail(m,
				  "the mapping shows 0x%02x at page %zu byte %zu, the model has 0x%02x",
				  m->buf[diff], (boff + diff) / m->ps,
				  (boff + diff) % m->ps, m->mem[boff + diff]);
	return 0;
}

/* read() of the device copy, anywhere, also past its end. */
static int op_read(struct model *m)
{
	off_t off = rnd_below(&m->rng, m->size + m->ps);
	size_t len = 1 + rnd_below(&m->rng, m->size);
	ssize_t want = off >= (off_t)m->size ? 0 :
		       (ssize_t)(len < m->size - off ? len : m->size - off);
	ssize_t ret = pread(m->fd, m->buf, len, off);
	size_t diff;

	if (ret != want)
		return model_fail(m, "read of %zu bytes at %jd: %zd (%s), expected %zd",
				  len, (intmax_t)off, ret, ret < 0 ? strerror(errno) : "",
				  want);
	diff = first_diff(m->buf, m->dev + off, ret);
	if (diff < (size_t)ret)
		return model_fail(m, "read at %jd: byte %zu is 0x%02x, the model has 0x%02x",
				  (intmax_t)off, diff, m->buf[diff], m->dev[off + diff]);
	return 0;
}

/* read() of the device copy into a mapping of the buffer: a write to it. */
static int op_read_to_map(struct model *m)
{
	unsigned int i = pick_range(m);
	struct model_range *r = &m->r[i];
	size_t len, off = pick_bytes(m, i, &len);
	size_t boff = range_boff(m, r, off);
	off_t doff = rnd_below(&m->rng, m->size);
	ssize_t want = len < m->size - doff ? len : m->size - doff;
	ssize_t ret = pread(m->fd, r->addr + off, len, doff);
	int err = ret < 0 ? errno : 0;

	if (!(r->prot & PROT_WRITE)) {
		if (ret != -1 || err != EFAULT)
			return model_fail(m, "read into a %s mapping: %zd (%s), expected EFAULT",
					  prot_name(r->prot), ret, err_name(err));
		m->faults++;
		return 0;
	}
	if (ret != want)
		return model_fail(m,
				  "read of %zu bytes at %jd into page %zu+%zu: %zd (%s), expected %zd",
				  len, (intmax_t)doff, boff / m->ps, boff % m->ps,
				  ret, err_name(err), want);
	model_write(m, boff, m->dev + doff, want);
	return 0;
}

static int op_fsync(struct model *m)
{
	if (fsync(m->fd))
		return model_fail(m, "fsync: %s", strerror(errno));
	model_flush(m);
	return check_all(m);
}

/* msync(MS_SYNC) calls ->fsync; MS_ASYNC does nothing. */
static int op_msync(struct model *m)
{
	unsigned int i = pick_range(m);
	bool sync = rnd_below(&m->rng, 3);

	if (msync(m->r[i].addr, range_len(m, &m->r[i]), sync ? MS_SYNC : MS_ASYNC))
		return model_fail(m, "msync(%s) of a %s mapping: %s",
				  sync ? "MS_SYNC" : "MS_ASYNC",
				  prot_name(m->r[i].prot), strerror(errno));
	if (sync)
		model_flush(m);
	return check_all(m);
}

/*
 * Where an ioctl writes its result: a private buffer, or @size bytes in a
 * random mapping of the buffer (which makes the ioctl a write to it).
 * Returns the range, or -1 for the private buffer.
 */
static int pick_ioctl_out(struct model *m, size_t size, size_t *off)
{
	unsigned int i;

	if (!m->nr || rnd_below(&m->rng, 2))
		return -1;
	i = pick_range(m);
	if (range_len(m, &m->r[i]) < size)
		return -1;
	*off = rnd_below(&m->rng, range_len(m, &m->r[i]) - size + 1);
	return i;
}

static int op_stats(struct model *m)
{
	struct pfnmap_test_stats st;
	size_t off = 0, boff;
	int i, ret, sig;

	i = pick_ioctl_out(m, sizeof(st), &off);
	if (i < 0) {
		ret = dev_stats(m->fd, &st);
		if (ret)
			return model_fail(m, "STATS: %s", strerror(-ret));
		return check_stats(m, &st);
	}
	ret = dev_stats(m->fd, (void *)(m->r[i].addr + off));
	if (!(m->r[i].prot & PROT_WRITE)) {
		if (ret != -EFAULT)
			return model_fail(m, "STATS into a %s mapping: %s, expected EFAULT",
					  prot_name(m->r[i].prot), err_name(-ret));
		m->faults++;
		return 0;
	}
	if (ret)
		return model_fail(m, "STATS into a mapping: %s", strerror(-ret));
	sig = try_copy(&st, m->r[i].addr + off, sizeof(st));
	if (sig)
		return model_fail(m, "load of the STATS result: %s", sig_name(sig));
	boff = range_boff(m, &m->r[i], off);
	model_write(m, boff, &st, sizeof(st));
	return check_stats(m, &st);
}

/*
 * PAGE_STATS into a mapping of the buffer reports each entry before it
 * copies it out; the copy dirties the pages it lands in, which later
 * entries then report.
 */
static int op_page_stats(struct model *m)
{
	struct pfnmap_test_page_stats st[RANDOM_MAX_PAGES];
	unsigned int first = rnd_below(&m->rng, m->setup.nr_pages);
	unsigned int count = 1 + rnd_below(&m->rng, m->setup.nr_pages - first);
	size_t size = count * sizeof(st[0]), off = 0, boff;
	unsigned int k;
	int i, ret, sig;

	i = pick_ioctl_out(m, size, &off);
	if (i < 0) {
		ret = dev_page_stats(m->fd, first, count, st);
		if (ret)
			return model_fail(m, "PAGE_STATS: %s", strerror(-ret));
		for (k = 0; k < count; k++)
			if (check_page_stat(m, first + k, &st[k]))
				return -1;
		return 0;
	}
	ret = dev_page_stats(m->fd, first, count, m->r[i].addr + off);
	if (!(m->r[i].prot & PROT_WRITE)) {
		if (ret != -EFAULT)
			return model_fail(m, "PAGE_STATS into a %s mapping: %s, expected EFAULT",
					  prot_name(m->r[i].prot), err_name(-ret));
		m->faults++;
		return 0;
	}
	if (ret)
		return model_fail(m, "PAGE_STATS into a mapping: %s", strerror(-ret));
	sig = try_copy(st, m->r[i].addr + off, size);
	if (sig)
		return model_fail(m, "load of the PAGE_STATS result: %s", sig_name(sig));
	boff = range_boff(m, &m->r[i], off);
	for (k = 0; k < count; k++) {
		if (check_page_stat(m, first + k, &st[k]))
			return -1;
		model_write(m, boff + k * sizeof(st[0]), &st[k], sizeof(st[0]));
	}
	return 0;
}

static int op_reset_stats(struct model *m)
{
	if (ioctl(m->fd, PFNMAP_TEST_IOC_RESET_STATS))
		return model_fail(m, "RESET_STATS: %s", strerror(errno));
	m->flushes = 0;
	m->pages_flushed = 0;
	memset(m->page_flushes, 0, sizeof(m->page_flushes));
	return 0;
}

/* A second setup: EBUSY, or EINVAL if it is invalid; nothing changes. */
static int op_setup(struct model *m)
{
	struct pfnmap_test_setup setup = m->setup;
	bool valid = rnd_below(&m->rng, 2);
	int ret;

	if (!valid)
		setup.nr_pages = 0;
	ret = dev_setup(m->fd, &setup);
	if (ret != (valid ? -EBUSY : -EINVAL))
		return model_fail(m, "SETUP of a set-up device: %s, expected %s",
				  err_name(-ret), valid ? "EBUSY" : "EINVAL");
	return 0;
}

static enum random_op random_pick(struct model *m, bool in_child)
{
	unsigned int total = 0, n, op;

	for (op = 0; op < OP_NR; op++)
		if (!in_child || random_ops[op].in_child)
			total += random_ops[op].weight;
	n = rnd_below(&m->rng, total);
	for (op = 0; op < OP_NR; op++) {
		if (in_child && !random_ops[op].in_child)
			continue;
		if (n < random_ops[op].weight)
			break;
		n -= random_ops[op].weight;
	}
	return op;
}

static int random_do(struct model *m, enum random_op op);

/*
 * A child does operations that leave the address space as it is, through
 * the mappings it inherited, on the shared model.
 */
static int op_fork(struct model *m)
{
	unsigned int n = 1 + rnd_below(&m->rng, RANDOM_CHILD_OPS), k;
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return model_fail(m, "fork: %s", strerror(errno));
	if (!pid) {
		m->in_child = true;
		for (k = 0; k < n; k++)
			if (random_do(m, random_pick(m, true)))
				_exit(1);
		m->in_child = false;
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return model_fail(m, "waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status))
		return model_fail(m, "the fork child was killed by %s",
				  strsignal(WTERMSIG(status)));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return model_fail(m, "the fork child failed");
	return 0;
}

static int random_do(struct model *m, enum random_op op)
{
	/* Nothing mapped: map something, or (a fork child must not) read. */
	if (!m->nr && random_ops[op].needs_range)
		op = m->in_child ? OP_READ : OP_MMAP;
	m->op = op;
	m->ops++;
	m->seq_ops++;
	switch (op) {
	case OP_MMAP:
		return op_mmap(m);
	case OP_MMAP_BAD:
		return op_mmap_bad(m);
	case OP_MUNMAP:
		return op_munmap(m);
	case OP_MPROTECT:
		return op_mprotect(m);
	case OP_MREMAP_MOVE:
		return op_mremap_move(m);
	case OP_MREMAP_SHRINK:
		return op_mremap_shrink(m);
	case OP_MREMAP_GROW:
		return op_mremap_grow(m);
	case OP_LOAD:
		return op_access(m, false);
	case OP_STORE:
		return op_access(m, true);
	case OP_READ:
		return op_read(m);
	case OP_READ_TO_MAP:
		return op_read_to_map(m);
	case OP_FSYNC:
		return op_fsync(m);
	case OP_MSYNC:
		return op_msync(m);
	case OP_FORK:
		return op_fork(m);
	case OP_STATS:
		return op_stats(m);
	case OP_PAGE_STATS:
		return op_page_stats(m);
	case OP_RESET_STATS:
		return op_reset_stats(m);
	default:
		return op_setup(m);
	}
}

/* Every readable mapping shows the model's buffer. */
static int check_mappings(struct model *m)
{
	unsigned int i;
	size_t len, diff, boff;
	int sig;

	for (i = 0; i < m->nr; i++) {
		if (!(m->r[i].prot & PROT_READ))
			continue;
		len = range_len(m, &m->r[i]);
		boff = range_boff(m, &m->r[i], 0);
		sig = try_copy(m->buf, m->r[i].addr, len);
		if (sig)
			return model_fail(m, "load of a %s mapping: %s",
					  prot_name(m->r[i].prot), sig_name(sig));
		diff = first_diff(m->buf, m->mem + boff, len);
		if (diff < len)
			return model_fail(m,
					  "the mapping shows 0x%02x at page %zu byte %zu, the model has 0x%02x",
					  m->buf[diff], (boff + diff) / m->ps,
					  (boff + diff) % m->ps, m->mem[boff + diff]);
	}
	return 0;
}

/* How the flusher write-protects: a call per page, per run, or a walk. */
static const __u32 wrprotect_flags[] = {
	0, PFNMAP_TEST_WRPROTECT_RUNS, PFNMAP_TEST_WRPROTECT_WALK,
};

/* One sequence on a new instance of the device; 0, or -1 with m->err set. */
static int random_sequence(struct model *m, __u32 backing, __u32 protocol,
			   __u32 flags, unsigned long long seed)
{
	unsigned int k;
	int ret;

	m->rng = seed;
	m->nr = 0;
	m->err[0] = 0;
	m->in_child = false;
	m->op = OP_NR;
	m->seq_ops = 0;
	m->flushes = 0;
	m->pages_flushed = 0;
	memset(m->dirty, 0, sizeof(m->dirty));
	memset(m->page_flushes, 0, sizeof(m->page_flushes));
	/* Deferred flushes off: only fsync() and msync() flush, as modelled. */
	m->setup = (struct pfnmap_test_setup) {
		.backing = backing,
		.protocol = protocol,
		.nr_pages = 1 + rnd_below(&m->rng, RANDOM_MAX_PAGES),
		.flags = flags | wrprotect_flags[rnd_below(&m->rng, ARRAY_SIZE(wrprotect_flags))],
	};
	m->size = m->setup.nr_pages * m->ps;
	memset(m->mem, 0, m->size);
	memset(m->dev, 0, m->size);

	m->fd = dev_open(O_RDWR);
	if (m->fd < 0)
		return model_fail(m, "open: %s", strerror(-m->fd));
	ret = dev_setup(m->fd, &m->setup);
	if (ret)
		model_fail(m, "SETUP: %s", strerror(-ret));
	else
		ret = check_all(m);
	for (k = 0; !ret && k < RANDOM_OPS; k++)
		ret = random_do(m, random_pick(m, false));
	if (!ret)
		ret = random_do(m, OP_FSYNC);
	if (!ret)
		ret = check_mappings(m);
	while (m->nr) {
		if (munmap(m->r[0].addr, range_len(m, &m->r[0])) && !ret)
			ret = model_fail(m, "munmap: %s", strerror(errno));
		model_remove(m, 0);
	}
	close(m->fd);
	return ret;
}

/* An environment variable holding a number, or @def; false if it is garbage. */
static bool env_ull(const char *name, unsigned long long def, unsigned long long *val)
{
	const char *s = getenv(name);
	char *end;

	*val = def;
	if (!s || !*s)
		return true;
	errno = 0;
	*val = strtoull(s, &end, 0);
	return !errno && !*end;
}

static void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

TEST_F_TIMEOUT(pfnmap_stress, random, 600)
{
	size_t bufsize = (RANDOM_MAX_PAGES + 1) * self->pagesize;
	unsigned long long seed, sequences, i;
	struct timespec now;
	struct model *m;
	int failed = 0;
	bool ok;

	/* From the clock by default, so that each run tries other sequences. */
	clock_gettime(CLOCK_REALTIME, &now);
	ok = env_ull("PFNMAP_STRESS_SEED", now.tv_sec * 1000000007ULL ^ now.tv_nsec, &seed) &&
	     env_ull("PFNMAP_STRESS_SEQUENCES", RANDOM_SEQUENCES, &sequences) && sequences;
	if (!ok)
		TH_LOG("PFNMAP_STRESS_SEED and PFNMAP_STRESS_SEQUENCES: numbers, the second > 0");
	ASSERT_TRUE(ok);
	ksft_print_msg("random: starting with seed=%llu sequences=%llu\n", seed, sequences);

	m = shared_alloc(sizeof(*m));
	ASSERT_NE(m, NULL);
	m->ps = self->pagesize;
	m->mem = shared_alloc(bufsize);
	m->dev = shared_alloc(bufsize);
	m->buf = shared_alloc(bufsize);
	ASSERT_NE(m->mem, NULL);
	ASSERT_NE(m->dev, NULL);
	ASSERT_NE(m->buf, NULL);

	for (i = 0; i < sequences && !failed; i++) {
		failed = random_sequence(m, variant->backing, variant->protocol,
					 variant->flags, seed + i);
		if (!failed)
			continue;
		TH_LOG("sequence %llu (seed %llu), op %lu (%s%s): %s",
		       i, seed + i, m->seq_ops, m->op < OP_NR ? random_ops[m->op].name : "setup",
		       m->in_child ? ", in a fork child" : "", m->err);
		TH_LOG(RANDOM_RERUN, seed + i, variant->name);
	}
	ksft_print_msg("random: seed=%llu sequences=%llu ops=%lu faults=%lu checks=%lu\n",
		       seed, i, m->ops, m->faults, m->checks);
	EXPECT_EQ(failed, 0);

	munmap(m->buf, bufsize);
	munmap(m->dev, bufsize);
	munmap(m->mem, bufsize);
	munmap(m, sizeof(*m));
}

/*
 * ioctl_sweep
 *
 * The expected result of each input follows from the checks the uapi
 * header documents: EFAULT if the argument cannot be read (or a result not
 * written), EINVAL for values out of range or an instance not set up yet,
 * EBUSY for a second setup, ENOTTY for a command that is not the driver's.
 */
#define SWEEP_PAGES		4
#define SWEEP_GARBAGE		200
#define SWEEP_MAX_RACE_DELAY_US	10000	/* race_delay_us <= 10000, pfnmap_test.h */
#define SWEEP_MAX_LOGGED	20

#define SWEEP_REPORT \
	"ioctl_sweep: inputs=%lu (setup %lu, stats %lu, page_stats %lu, reset_stats %lu, inject %lu, unknown %lu) misuse=%s\n"

enum sweep_ptr {
	PTR_GOOD,		/* read/write memory */
	PTR_UNALIGNED,		/* read/write memory at an odd address */
	PTR_READ_ONLY,		/* can be read, not written */
	PTR_MAP,		/* in a read/write mapping of the device itself */
	PTR_MAP_READ_ONLY,	/* in a read-only mapping of the device */
	PTR_NULL,
	PTR_UNMAPPED,
	PTR_PROT_NONE,
	PTR_STRADDLE,		/* runs from read/write memory into an unmapped page */
	PTR_KERNEL,		/* the top of the address space */
	PTR_WILD,		/* random, with the top bit set */
	PTR_NR,
};

static const char * const sweep_ptr_names[PTR_NR] = {
	[PTR_GOOD]		= "good",
	[PTR_UNALIGNED]		= "unaligned",
	[PTR_READ_ONLY]		= "read-only",
	[PTR_MAP]		= "own mapping",
	[PTR_MAP_READ_ONLY]	= "own read-only mapping",
	[PTR_NULL]		= "NULL",
	[PTR_UNMAPPED]		= "unmapped",
	[PTR_PROT_NONE]		= "PROT_NONE",
	[PTR_STRADDLE]		= "straddling",
	[PTR_KERNEL]		= "kernel",
	[PTR_WILD]		= "wild",
};

enum sweep_cmd {
	CMD_SETUP,
	CMD_STATS,
	CMD_PAGE_STATS,
	CMD_RESET_STATS,
	CMD_INJECT,
	CMD_OTHER,
	CMD_NR,
};

static const unsigned long sweep_cmds[CMD_OTHER] = {
	[CMD_SETUP]		= PFNMAP_TEST_IOC_SETUP,
	[CMD_STATS]		= PFNMAP_TEST_IOC_STATS,
	[CMD_PAGE_STATS]	= PFNMAP_TEST_IOC_PAGE_STATS,
	[CMD_RESET_STATS]	= PFNMAP_TEST_IOC_RESET_STATS,
	[CMD_INJECT]		= PFNMAP_TEST_IOC_INJECT,
};

static const char * const sweep_cmd_names[CMD_NR] = {
	[CMD_SETUP]		= "setup",
	[CMD_STATS]		= "stats",
	[CMD_PAGE_STATS]	= "page_stats",
	[CMD_RESET_STATS]	= "reset_stats",
	[CMD_INJECT]		= "inject",
	[CMD_OTHER]		= "unknown",
};

/* Values at and around the limits of every field. */
static const __u32 sweep_values[] = {
	0, 1, 2, 3, 4, 5, 0x10, 0xff, 0x100,
	PFNMAP_TEST_MAX_PAGES - 1, PFNMAP_TEST_MAX_PAGES, PFNMAP_TEST_MAX_PAGES + 1,
	SWEEP_MAX_RACE_DELAY_US - 1, SWEEP_MAX_RACE_DELAY_US, SWEEP_MAX_RACE_DELAY_US + 1,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
};

struct sweep {
	struct __test_metadata *md;
	size_t ps;
	__u32 backing;
	__u32 protocol;
	char *mem;		/* two read/write pages, then the unmapped one */
	char *hole;
	char *none;
	char *ro;
	char *map;		/* a read/write mapping of @set_fd */
	char *map_ro;		/* a read-only one */
	int unset_fd;		/* never set up during the sweep */
	int set_fd;		/* set up */
	bool misuse;		/* the module has misuse=1 */
	uint64_t rng;
	unsigned long inputs[CMD_NR];
	unsigned int failed;
};

static bool ptr_readable(enum sweep_ptr k)
{
	return k <= PTR_MAP_READ_ONLY;
}

static bool ptr_writable(enum sweep_ptr k)
{
	return k == PTR_GOOD || k == PTR_UNALIGNED || k == PTR_MAP;
}

/*
 * A pointer of kind @k to @size bytes holding @data (as far as they can be
 * written).  @slot keeps an ioctl's argument (0) and its output (1) apart.
 */
static void *sweep_ptr(struct sweep *sw, enum sweep_ptr k, int slot,
		       const void *data, size_t size)
{
	size_t at = slot * 1024;
	char *p;

	switch (k) {
	case PTR_GOOD:
		p = sw->mem + at;
		break;
	case PTR_UNALIGNED:
		p = sw->mem + sw->ps + at + 1;
		break;
	case PTR_READ_ONLY:
		if (mprotect(sw->ro, sw->ps, PROT_READ | PROT_WRITE))
			return NULL;
		memcpy(sw->ro + at, data, size);
		mprotect(sw->ro, sw->ps, PROT_READ);
		return sw->ro + at;
	case PTR_MAP:
		p = sw->map + at;
		break;
	case PTR_MAP_READ_ONLY:
		/* The same buffer bytes as sw->map + at. */
		memcpy(sw->map + at, data, size);
		return sw->map_ro + at;
	case PTR_NULL:
		return NULL;
	case PTR_UNMAPPED:
		return sw->hole + at;
	case PTR_PROT_NONE:
		return sw->none + at;
	case PTR_STRADDLE:
		p = sw->hole - (size + 1) / 2;
		memcpy(p, data, size / 2);
		return p;
	case PTR_KERNEL:
		return (void *)(~(uintptr_t)0 & ~(uintptr_t)(sw->ps - 1));
	default:
		/* On 32 bits the top half can be user memory: use the top page. */
		if (sizeof(void *) < 8)
			return (void *)(~(uintptr_t)0 & ~(uintptr_t)(sw->ps - 1));
		return (void *)(uintptr_t)(rnd(&sw->rng) | 1ULL << 63);
	}
	memcpy(p, data, size);
	return p;
}

/* Returns the errno of the ioctl, 0 if it succeeded. */
static __printf(7, 8) int sweep_ioctl(struct sweep *sw, int fd, enum sweep_cmd c,
				      unsigned long cmd, void *arg, int want,
				      const char *fmt, ...)
{
	struct __test_metadata *_metadata = sw->md;
	int err = ioctl(fd, cmd, arg) ? errno : 0;
	char what[160];
	va_list ap;

	sw->inputs[c]++;
	if (err == want)
		return err;
	if (sw->failed++ >= SWEEP_MAX_LOGGED)
		return err;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	TH_LOG("ioctl %#lx (%s, %s) on a%s instance: %s, expected %s", cmd,
	       sweep_cmd_names[c], what, fd == sw->set_fd ? " set-up" : "n unset",
	       err_name(err), err_name(want));
	return err;
}

static bool setup_valid(const struct pfnmap_test_setup *s)
{
	if (s->backing >= PFNMAP_TEST_NR_BACKINGS ||
	    s->protocol >= PFNMAP_TEST_NR_PROTOCOLS ||
	    !s->nr_pages || s->nr_pages > PFNMAP_TEST_MAX_PAGES ||
	    s->race_delay_us > SWEEP_MAX_RACE_DELAY_US ||
	    s->flags & ~PFNMAP_TEST_FLAGS)
		return false;
	/* Write-combining needs the contiguous memory's linear mapping. */
	if (s->flags & PFNMAP_TEST_WRITECOMBINE && s->backing != PFNMAP_TEST_BACKING_PAGES)
		return false;
	/* Keeping the dirty bits is a way of write-protecting a span. */
	if (s->flags & PFNMAP_TEST_WRPROTECT_KEEP_DIRTY &&
	    !(s->flags & PFNMAP_TEST_WRPROTECT_SPAN))
		return false;
	/* Only vmalloc memory has struct pages that can be mapped as such. */
	return (s->protocol != PFNMAP_TEST_PROTO_PAGE_MKWRITE &&
		s->protocol != PFNMAP_TEST_PROTO_PAGE_MKWRITE_NOLOCK) ||
	       s->backing == PFNMAP_TEST_BACKING_VMALLOC;
}

/* SETUP with @s at a pointer of kind @k, on an unset and a set-up instance. */
static void sweep_setup(struct sweep *sw, const struct pfnmap_test_setup *s,
			enum sweep_ptr k)
{
	bool valid = setup_valid(s);
	int want = !ptr_readable(k) ? EFAULT : valid ? 0 : EINVAL;
	int fd = sw->unset_fd, err;
	void *arg;

	/* A valid one sets an instance up: a new one, kept apart from the sweep. */
	if (!want) {
		fd = dev_open(O_RDWR);
		if (fd < 0) {
			sw->failed++;
			return;
		}
	}
	arg = sweep_ptr(sw, k, 0, s, sizeof(*s));
	err = sweep_ioctl(sw, fd, CMD_SETUP, PFNMAP_TEST_IOC_SETUP, arg, want,
			  "%s: backing=%#x protocol=%#x nr_pages=%#x flush_delay_us=%#x race_delay_us=%#x flags=%#x",
			  sweep_ptr_names[k], s->backing, s->protocol, s->nr_pages,
			  s->flush_delay_us, s->race_delay_us, s->flags);
	if (!want) {
		sweep_ioctl(sw, fd, CMD_SETUP, PFNMAP_TEST_IOC_SETUP, arg, EBUSY,
			    "%s, the same again", sweep_ptr_names[k]);
		close(fd);
	} else if (!err) {
		/* Wrongly set up: go on with an unset one, or all else fails too. */
		close(fd);
		sw->unset_fd = dev_open(O_RDWR);
		if (sw->unset_fd < 0)
			sw->failed++;
	}

	arg = sweep_ptr(sw, k, 0, s, sizeof(*s));
	want = !ptr_readable(k) ? EFAULT : valid ? EBUSY : EINVAL;
	sweep_ioctl(sw, sw->set_fd, CMD_SETUP, PFNMAP_TEST_IOC_SETUP, arg, want,
		    "%s: backing=%#x protocol=%#x nr_pages=%#x flush_delay_us=%#x race_delay_us=%#x flags=%#x",
		    sweep_ptr_names[k], s->backing, s->protocol, s->nr_pages,
		    s->flush_delay_us, s->race_delay_us, s->flags);
}

static __u32 sweep_u32(struct sweep *sw)
{
	if (rnd_below(&sw->rng, 2))
		return rnd(&sw->rng);
	return sweep_values[rnd_below(&sw->rng, ARRAY_SIZE(sweep_values))];
}

static enum sweep_ptr sweep_any_ptr(struct sweep *sw)
{
	return rnd_below(&sw->rng, PTR_NR);
}

/* One that cannot be read: the kinds after PTR_MAP_READ_ONLY. */
static enum sweep_ptr sweep_bad_ptr(struct sweep *sw)
{
	return PTR_NULL + rnd_below(&sw->rng, PTR_NR - PTR_NULL);
}

static void sweep_setups(struct sweep *sw)
{
	const struct pfnmap_test_setup good = {
		.backing = sw->backing,
		.protocol = sw->protocol,
		.nr_pages = SWEEP_PAGES,
	};
	struct pfnmap_test_setup s;
	unsigned int f, v, i;
	__u32 *field;

	for (i = 0; i < PTR_NR; i++)
		sweep_setup(sw, &good, i);
	/*
	 * Each field through every limit, the others valid; again from a
	 * pointer that faults (valid ones allocate up to 2 x 32 MiB: once).
	 */
	for (f = 0; f < sizeof(s) / sizeof(__u32); f++) {
		for (v = 0; v < ARRAY_SIZE(sweep_values); v++) {
			s = good;
			field = (__u32 *)&s + f;
			*field = sweep_values[v];
			sweep_setup(sw, &s, PTR_GOOD);
			sweep_setup(sw, &s, sweep_bad_ptr(sw));
		}
	}
	/* Garbage in every field. */
	for (i = 0; i < SWEEP_GARBAGE; i++) {
		s = (struct pfnmap_test_setup) {
			.backing = sweep_u32(sw),
			.protocol = sweep_u32(sw),
			.nr_pages = sweep_u32(sw),
			.flush_delay_us = sweep_u32(sw),
			.race_delay_us = sweep_u32(sw),
			.flags = sweep_u32(sw),
		};
		sweep_setup(sw, &s, i % 2 ? PTR_GOOD : sweep_any_ptr(sw));
	}
}

/* STATS and RESET_STATS on both instances, with every kind of pointer. */
static void sweep_stats(struct sweep *sw)
{
	struct pfnmap_test_stats st = {};
	unsigned int k;
	void *arg;

	for (k = 0; k < PTR_NR; k++) {
		arg = sweep_ptr(sw, k, 0, &st, sizeof(st));
		sweep_ioctl(sw, sw->unset_fd, CMD_STATS, PFNMAP_TEST_IOC_STATS, arg,
			    EINVAL, "%s", sweep_ptr_names[k]);
		sweep_ioctl(sw, sw->unset_fd, CMD_RESET_STATS, PFNMAP_TEST_IOC_RESET_STATS,
			    arg, EINVAL, "%s", sweep_ptr_names[k]);
		sweep_ioctl(sw, sw->set_fd, CMD_STATS, PFNMAP_TEST_IOC_STATS, arg,
			    ptr_writable(k) ? 0 : EFAULT, "%s", sweep_ptr_names[k]);
		/* RESET_STATS takes no argument: whatever is passed is ignored. */
		sweep_ioctl(sw, sw->set_fd, CMD_RESET_STATS, PFNMAP_TEST_IOC_RESET_STATS,
			    arg, 0, "%s", sweep_ptr_names[k]);
	}
	for (k = 0; k < SWEEP_GARBAGE / 4; k++) {
		arg = (void *)(uintptr_t)rnd(&sw->rng);
		sweep_ioctl(sw, sw->unset_fd, CMD_RESET_STATS, PFNMAP_TEST_IOC_RESET_STATS,
			    arg, EINVAL, "garbage %p", arg);
		sweep_ioctl(sw, sw->set_fd, CMD_RESET_STATS, PFNMAP_TEST_IOC_RESET_STATS,
			    arg, 0, "garbage %p", arg);
	}
}

/* PAGE_STATS: the query at @qk, its entries at @ok. */
static void sweep_page_stats_one(struct sweep *sw, __u32 first, __u32 count,
				 enum sweep_ptr qk, enum sweep_ptr ok)
{
	struct pfnmap_test_page_stats zero[SWEEP_PAGES] = {};
	struct pfnmap_test_page_query q = { .first = first, .count = count };
	int want;
	void *arg;

	q.stats = (uintptr_t)sweep_ptr(sw, ok, 1, zero,
				       count <= SWEEP_PAGES ? count * sizeof(zero[0]) : 0);
	arg = sweep_ptr(sw, qk, 0, &q, sizeof(q));
	sweep_ioctl(sw, sw->unset_fd, CMD_PAGE_STATS, PFNMAP_TEST_IOC_PAGE_STATS, arg,
		    EINVAL, "query %s first=%#x count=%#x stats %s", sweep_ptr_names[qk],
		    first, count, sweep_ptr_names[ok]);
	if (!ptr_readable(qk))
		want = EFAULT;
	else if (first >= SWEEP_PAGES || count > SWEEP_PAGES - first)
		want = EINVAL;
	else if (!count || ptr_writable(ok))
		want = 0;
	else
		want = EFAULT;
	arg = sweep_ptr(sw, qk, 0, &q, sizeof(q));
	sweep_ioctl(sw, sw->set_fd, CMD_PAGE_STATS, PFNMAP_TEST_IOC_PAGE_STATS, arg,
		    want, "query %s first=%#x count=%#x stats %s", sweep_ptr_names[qk],
		    first, count, sweep_ptr_names[ok]);
}

static void sweep_page_stats(struct sweep *sw)
{
	unsigned int qk, ok, i, j;

	for (qk = 0; qk < PTR_NR; qk++)
		for (ok = 0; ok < PTR_NR; ok++)
			sweep_page_stats_one(sw, 0, SWEEP_PAGES, qk, ok);
	for (i = 0; i < ARRAY_SIZE(sweep_values); i++)
		for (j = 0; j < ARRAY_SIZE(sweep_values); j++)
			sweep_page_stats_one(sw, sweep_values[i], sweep_values[j],
					     PTR_GOOD, rnd_below(&sw->rng, PTR_NR));
	for (i = 0; i < SWEEP_GARBAGE; i++)
		sweep_page_stats_one(sw, sweep_u32(sw), sweep_u32(sw),
				     rnd_below(&sw->rng, PTR_NR),
				     rnd_below(&sw->rng, PTR_NR));
}

/* The errno that INJECT gives @a on the set-up instance; 0 if it arms it. */
static int inject_errno(const struct sweep *sw,
			const struct pfnmap_test_inject_args *a)
{
	bool pfnmap = sw->protocol != PFNMAP_TEST_PROTO_PAGE_MKWRITE &&
		      sw->protocol != PFNMAP_TEST_PROTO_PAGE_MKWRITE_NOLOCK;
	bool fits;

	if (a->kind >= PFNMAP_TEST_NR_INJECTS || a->page >= SWEEP_PAGES)
		return EINVAL;
	/* The kinds from OTHER_PFN on warn. */
	if (a->kind >= PFNMAP_TEST_INJECT_OTHER_PFN && !sw->misuse)
		return EPERM;
	switch (a->kind) {
	case PFNMAP_TEST_INJECT_ZAP:
		fits = sw->protocol == PFNMAP_TEST_PROTO_MKWRITE;
		break;
	case PFNMAP_TEST_INJECT_NOT_PFNMAP:
		fits = !pfnmap;
		break;
	default:
		fits = pfnmap;
		break;
	}
	return fits ? 0 : EINVAL;
}

/*
 * INJECT arms the next fault on a page, which may then warn or bypass the
 * dirty tracking: only inputs that it refuses are tried, so that the device
 * still works afterwards.
 */
static void sweep_inject(struct sweep *sw)
{
	struct pfnmap_test_inject_args a;
	char misuse[4] = "";
	unsigned int i, k;
	int want;
	void *arg;

	read_file("/sys/module/pfnmap_test/parameters/misuse", misuse, sizeof(misuse));
	sw->misuse = misuse[0] == 'Y';
	for (i = 0; i < ARRAY_SIZE(sweep_values) * ARRAY_SIZE(sweep_values) +
			SWEEP_GARBAGE; i++) {
		if (i < ARRAY_SIZE(sweep_values) * ARRAY_SIZE(sweep_values)) {
			a.page = sweep_values[i / ARRAY_SIZE(sweep_values)];
			a.kind = sweep_values[i % ARRAY_SIZE(sweep_values)];
		} else {
			a.page = sweep_u32(sw);
			a.kind = sweep_u32(sw);
		}
		k = i % 3 ? PTR_GOOD : sweep_any_ptr(sw);
		want = inject_errno(sw, &a);
		if (!want && ptr_readable(k))
			continue;
		arg = sweep_ptr(sw, k, 0, &a, sizeof(a));
		sweep_ioctl(sw, sw->unset_fd, CMD_INJECT, PFNMAP_TEST_IOC_INJECT, arg,
			    EINVAL, "%s: page=%#x kind=%#x", sweep_ptr_names[k],
			    a.page, a.kind);
		arg = sweep_ptr(sw, k, 0, &a, sizeof(a));
		sweep_ioctl(sw, sw->set_fd, CMD_INJECT, PFNMAP_TEST_IOC_INJECT, arg,
			    ptr_readable(k) ? want : EFAULT, "%s: page=%#x kind=%#x",
			    sweep_ptr_names[k], a.page, a.kind);
	}
}

/* Commands do_vfs_ioctl() handles itself, before the driver sees them. */
static bool vfs_cmd(unsigned long cmd)
{
	switch (_IOC_TYPE(cmd)) {
	case 'T':	/* FIONBIO, FIOCLEX, FIONREAD, ... */
	case 'X':	/* FIFREEZE, FS_IOC_FSGETXATTR, ... */
	case 'f':	/* FS_IOC_FIEMAP, FS_IOC_GETFLAGS, ... */
	case 0x94:	/* FICLONE, FIDEDUPERANGE, ... */
	case 0x15:	/* FS_IOC_GETFSUUID, ... */
		return true;
	}
	return cmd == _IO(0x00, 2);	/* FIGETBSZ */
}

static bool driver_cmd(unsigned long cmd)
{
	unsigned int c;

	for (c = 0; c < CMD_OTHER; c++)
		if (cmd == sweep_cmds[c])
			return true;
	return false;
}

static void sweep_unknown_one(struct sweep *sw, unsigned long cmd)
{
	enum sweep_ptr k = sweep_any_ptr(sw);
	__u64 data = rnd(&sw->rng);
	void *arg = sweep_ptr(sw, k, 0, &data, sizeof(data));

	if (driver_cmd(cmd) || vfs_cmd(cmd))
		return;
	sweep_ioctl(sw, sw->unset_fd, CMD_OTHER, cmd, arg, ENOTTY, "%s",
		    sweep_ptr_names[k]);
	sweep_ioctl(sw, sw->set_fd, CMD_OTHER, cmd, arg, ENOTTY, "%s",
		    sweep_ptr_names[k]);
}

/*
 * The driver's numbers with other directions and sizes, its type with
 * other numbers, and random commands.
 */
static void sweep_unknown(struct sweep *sw)
{
	static const unsigned int sizes[] = { 0, 1, 4, 8, 16, 24, 32, 64, 65, 0x3fff };
	unsigned int c, dir, s, nr, i;
	unsigned long cmd;

	for (c = 0; c < CMD_OTHER; c++)
		for (dir = 0; dir < 4; dir++)
			for (s = 0; s < ARRAY_SIZE(sizes); s++)
				sweep_unknown_one(sw, _IOC(dir, 'p', _IOC_NR(sweep_cmds[c]),
							   sizes[s]));
	for (nr = 0; nr < 256; nr++)
		sweep_unknown_one(sw, _IOC(nr % 4, 'p', nr, sizes[nr % ARRAY_SIZE(sizes)]));
	for (i = 0; i < SWEEP_GARBAGE; i++) {
		cmd = (__u32)rnd(&sw->rng);
		if (i % 2)
			cmd = _IOC(cmd >> 30, 'p', cmd & 0xff, (cmd >> 8) & 0x3fff);
		sweep_unknown_one(sw, cmd);
	}
}

/* Set up, map, write every page, flush: the device copy must have it all. */
static void sweep_cycle(struct __test_metadata *_metadata, int fd, size_t ps,
			const struct pfnmap_test_setup *setup)
{
	size_t size = SWEEP_PAGES * ps, i;
	struct pfnmap_test_stats st;
	char *map, *dev;

	if (setup)
		ASSERT_EQ(dev_setup(fd, setup), 0);
	ASSERT_EQ(ioctl(fd, PFNMAP_TEST_IOC_RESET_STATS), 0);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(map, MAP_FAILED);
	for (i = 0; i < size; i++)
		map[i] = i * 7 + 1;
	ASSERT_EQ(fsync(fd), 0);
	dev = malloc(size);
	ASSERT_NE(dev, NULL);
	ASSERT_EQ(dev_read(fd, dev, size, 0), (ssize_t)size);
	EXPECT_EQ(first_diff(dev, map, size), size);
	ASSERT_EQ(dev_stats(fd, &st), 0);
	EXPECT_EQ(st.flushes, 1U);
	EXPECT_EQ(st.pages_flushed, SWEEP_PAGES);
	free(dev);
	munmap(map, size);
}

TEST_F_TIMEOUT(pfnmap_stress, ioctl_sweep, 300)
{
	const struct pfnmap_test_setup setup = {
		.backing = variant->backing,
		.protocol = variant->protocol,
		.nr_pages = SWEEP_PAGES,
	};
	struct sweep sw = {
		.md = _metadata,
		.ps = self->pagesize,
		.backing = variant->backing,
		.protocol = variant->protocol,
		.unset_fd = self->fd,
		.rng = 0x5eed,
	};
	unsigned long total = 0;
	unsigned int c;
	char *mem;

	/* Two read/write pages, then an unmapped one, a PROT_NONE one, a read-only one. */
	mem = mmap(NULL, 5 * sw.ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	ASSERT_NE(mem, MAP_FAILED);
	sw.mem = mem;
	sw.hole = mem + 2 * sw.ps;
	sw.none = mem + 3 * sw.ps;
	sw.ro = mem + 4 * sw.ps;
	ASSERT_EQ(munmap(sw.hole, sw.ps), 0);
	ASSERT_EQ(mprotect(sw.none, sw.ps, PROT_NONE), 0);
	ASSERT_EQ(mprotect(sw.ro, sw.ps, PROT_READ), 0);

	sw.set_fd = dev_open(O_RDWR);
	ASSERT_GE(sw.set_fd, 0);
	ASSERT_EQ(dev_setup(sw.set_fd, &setup), 0);
	sw.map = mmap(NULL, SWEEP_PAGES * sw.ps, PROT_READ | PROT_WRITE, MAP_SHARED,
		      sw.set_fd, 0);
	ASSERT_NE(sw.map, MAP_FAILED);
	sw.map_ro = mmap(NULL, SWEEP_PAGES * sw.ps, PROT_READ, MAP_SHARED, sw.set_fd, 0);
	ASSERT_NE(sw.map_ro, MAP_FAILED);

	sweep_setups(&sw);
	sweep_stats(&sw);
	sweep_page_stats(&sw);
	sweep_inject(&sw);
	sweep_unknown(&sw);

	for (c = 0; c < CMD_NR; c++)
		total += sw.inputs[c];
	ksft_print_msg(SWEEP_REPORT,
		       total, sw.inputs[CMD_SETUP], sw.inputs[CMD_STATS],
		       sw.inputs[CMD_PAGE_STATS], sw.inputs[CMD_RESET_STATS],
		       sw.inputs[CMD_INJECT], sw.inputs[CMD_OTHER],
		       sw.misuse ? "on" : "off");
	if (sw.failed > SWEEP_MAX_LOGGED)
		TH_LOG("%u more unexpected results", sw.failed - SWEEP_MAX_LOGGED);
	EXPECT_EQ(sw.failed, 0U);

	/* Both instances still work: the bad setups left the unset one unset. */
	munmap(sw.map_ro, SWEEP_PAGES * sw.ps);
	munmap(sw.map, SWEEP_PAGES * sw.ps);
	self->fd = sw.unset_fd;
	ASSERT_GE(self->fd, 0);
	sweep_cycle(_metadata, sw.set_fd, sw.ps, NULL);
	sweep_cycle(_metadata, self->fd, sw.ps, &setup);
	close(sw.set_fd);
	munmap(mem, 2 * sw.ps);
	munmap(sw.none, 2 * sw.ps);
}

int main(int argc, char **argv)
{
	dev_require();
	return test_harness_run(argc, argv);
}
