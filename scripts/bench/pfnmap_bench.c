// SPDX-License-Identifier: GPL-2.0-only
/*
 * Times the dirty-tracking protocols of the test driver mm/pfnmap_test.c
 * (/dev/pfnmap_test) side by side in one boot: the new API
 * (vmf_insert_pfn_mkwrite()), the old racy ->pfn_mkwrite returning 0 (the
 * floor), zap and refault, ->page_mkwrite over struct pages, and the harvest
 * of the dirty bits of PTEs left writable.
 *
 * It lives in the harness, not in the series: it runs the racy protocol on
 * purpose, and it only reports times; it asserts none.
 *
 * Figures (CSV rows on stdout, progress and errors on stderr):
 *   cycle                ns per page and mapping of one write-notify cycle:
 *                        a write to each of N pages in each of M mappings
 *                        (each a write fault), then fsync() (write-protect
 *                        and flush)
 *   cycle_paired         the same over the floor's, sample by sample (the
 *                        two were measured over the same stretch of time)
 *   wrprotect_per_page,  ns per write-protected PTE, from the driver's
 *   wrprotect_runs,      counters: one mapping_wrprotect_range() call per
 *   wrprotect_walk       page or per contiguous run, or one
 *                        wp_clean_shared_mapping_range() per run;
 *                        wrprotect_calls_*: the calls per cycle
 *   wrprotect_mprotect   the kernel's limit beside them: ns per PTE of
 *                        mprotect(PROT_READ) of the dirty pages' range
 *   throughput_flushed,  writer threads storing over the buffer against a
 *   throughput_writes    flusher 1 ms after the first write: pages flushed
 *                        and stores per second
 * A point is the median of several samples, a sample the mean of enough
 * cycles to write SAMPLE_MIN pages; the protocols take turns cycle by
 * cycle, in a random order each round, so that a noisy machine slows them
 * all alike.
 *
 * -k, on an x86_64 host, prints the TSC frequency for the guest's kernel.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#ifdef __x86_64__
#include <x86intrin.h>
#endif

#include "mm/pfnmap_test.h"
#include "bench_util.h"

#define MAX_RUNS	101
#define MAX_WRITERS	64
#define SAMPLE_MIN	8192	/* page-mappings written in one sample, at least */
#define TP_FLUSH_DELAY_US	1000	/* throughput: flush 1 ms after the first write */

struct variant {
	const char *protocol;
	const char *backing;
	__u32 proto_id;
	__u32 backing_id;
};

/*
 * The floor first: the ratios are taken against it.  The control is the
 * floor again, on a buffer of its own: its ratio to the floor is the noise
 * of the method (an A/A test).
 */
static const struct variant variants[] = {
	{ "return0", "pages", PFNMAP_TEST_PROTO_RETURN0, PFNMAP_TEST_BACKING_PAGES },
	{ "mkwrite", "pages", PFNMAP_TEST_PROTO_MKWRITE, PFNMAP_TEST_BACKING_PAGES },
	{ "zap", "pages", PFNMAP_TEST_PROTO_ZAP, PFNMAP_TEST_BACKING_PAGES },
	{ "page_mkwrite", "vmalloc", PFNMAP_TEST_PROTO_PAGE_MKWRITE,
	  PFNMAP_TEST_BACKING_VMALLOC },
	{ "mkwrite", "vmalloc", PFNMAP_TEST_PROTO_MKWRITE, PFNMAP_TEST_BACKING_VMALLOC },
	{ "harvest", "pages", PFNMAP_TEST_PROTO_HARVEST, PFNMAP_TEST_BACKING_PAGES },
	{ "return0_control", "pages", PFNMAP_TEST_PROTO_RETURN0,
	  PFNMAP_TEST_BACKING_PAGES },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NR_VARIANTS	ARRAY_SIZE(variants)

/* One open device: its setup, its mappings, its counters at the last look. */
struct bench {
	const struct variant *v;
	unsigned int nr_pages;
	unsigned int nr_maps;
	int fd;
	char **maps;
	unsigned int cycles;	/* done so far */
	struct pfnmap_test_stats stats;
};

static struct {
	unsigned int runs;
	unsigned int max_pages;
	unsigned int max_maps;
	unsigned int maps_pages;
	unsigned int min_pages;
	unsigned int tp_pages;
	unsigned int tp_writers;
	unsigned int tp_seconds;
	unsigned int tp_runs;
	bool cycle, wrprotect, throughput;
} opt = {
	.runs = 28,	/* each protocol in each place 4 times */
	.max_pages = 4096,
	.max_maps = 16,
	.maps_pages = 256,
	.min_pages = 1,
	.tp_pages = 1024,
	.tp_writers = 4,
	.tp_seconds = 2,
	.tp_runs = 5,
};

static size_t pagesize;

static void get_stats(struct bench *b, struct pfnmap_test_stats *stats)
{
	if (ioctl(b->fd, PFNMAP_TEST_IOC_STATS, stats))
		die("%s/%s: PFNMAP_TEST_IOC_STATS: %s", b->v->protocol,
		    b->v->backing, strerror(errno));
}

/* The counters' change since the last call. */
static struct pfnmap_test_stats stats_delta(struct bench *b)
{
	struct pfnmap_test_stats s, d;

	get_stats(b, &s);
	d.faults = s.faults - b->stats.faults;
	d.mkwrites = s.mkwrites - b->stats.mkwrites;
	d.flushes = s.flushes - b->stats.flushes;
	d.pages_flushed = s.pages_flushed - b->stats.pages_flushed;
	d.wrprotect_calls = s.wrprotect_calls - b->stats.wrprotect_calls;
	d.wrprotected = s.wrprotected - b->stats.wrprotected;
	d.flush_ns = s.flush_ns - b->stats.flush_ns;
	d.wrprotect_ns = s.wrprotect_ns - b->stats.wrprotect_ns;
	b->stats = s;
	return d;
}

static void bench_open(struct bench *b, const struct variant *v,
		       unsigned int nr_pages, unsigned int nr_maps,
		       unsigned int flush_delay_us, unsigned int flags)
{
	struct pfnmap_test_setup setup = {
		.backing = v->backing_id,
		.protocol = v->proto_id,
		.nr_pages = nr_pages,
		.flush_delay_us = flush_delay_us,
		.flags = flags,
	};
	size_t size = nr_pages * pagesize;
	unsigned int m, p;

	b->v = v;
	b->nr_pages = nr_pages;
	b->nr_maps = nr_maps;
	b->cycles = 0;
	b->fd = open(PFNMAP_TEST_DEV, O_RDWR | O_CLOEXEC);
	if (b->fd < 0)
		die("open %s: %s (is pfnmap_test loaded?)", PFNMAP_TEST_DEV,
		    strerror(errno));
	if (ioctl(b->fd, PFNMAP_TEST_IOC_SETUP, &setup))
		die("%s/%s: PFNMAP_TEST_IOC_SETUP of %u pages: %s", v->protocol,
		    v->backing, nr_pages, strerror(errno));
	b->maps = calloc(nr_maps, sizeof(*b->maps));
	if (!b->maps)
		die("out of memory");
	for (m = 0; m < nr_maps; m++) {
		b->maps[m] = mmap(NULL, size, PROT_READ | PROT_WRITE,
				  MAP_SHARED, b->fd, 0);
		if (b->maps[m] == MAP_FAILED)
			die("%s/%s: mmap %u of %zu bytes: %s", v->protocol,
			    v->backing, m, size, strerror(errno));
		/* Map every page read-only: from now on only writes fault. */
		for (p = 0; p < nr_pages; p++)
			(void)__atomic_load_n(b->maps[m] + p * pagesize,
					      __ATOMIC_RELAXED);
	}
	get_stats(b, &b->stats);
}

static void bench_close(struct bench *b)
{
	unsigned int m;

	for (m = 0; m < b->nr_maps; m++)
		if (munmap(b->maps[m], b->nr_pages * pagesize))
			die("munmap: %s", strerror(errno));
	free(b->maps);
	if (close(b->fd))
		die("close: %s", strerror(errno));
}

/* Store to every page in every mapping. */
static void dirty_all(struct bench *b)
{
	static unsigned char val;
	unsigned int m, p;

	val++;
	for (m = 0; m < b->nr_maps; m++)
		for (p = 0; p < b->nr_pages; p++)
			__atomic_store_n((unsigned char *)b->maps[m] +
					 p * pagesize, val, __ATOMIC_RELAXED);
}

static void bench_fsync(struct bench *b)
{
	if (fsync(b->fd))
		die("%s/%s: fsync: %s", b->v->protocol, b->v->backing,
		    strerror(errno));
}

/* Check that the counters' change @d was one cycle of @b. */
static void check_cycle(struct bench *b, const struct pfnmap_test_stats *d)
{
	/* A harvest leaves the PTEs writable: only its first cycle faults. */
	bool faults = b->v->proto_id != PFNMAP_TEST_PROTO_HARVEST || !b->cycles;

	b->cycles++;
	if (d->mkwrites != (faults ? (__u64)b->nr_pages * b->nr_maps : 0) ||
	    d->pages_flushed != b->nr_pages)
		die("%s/%s: %u pages x %u mappings: %llu mkwrites, %llu flushed",
		    b->v->protocol, b->v->backing, b->nr_pages, b->nr_maps,
		    (unsigned long long)d->mkwrites,
		    (unsigned long long)d->pages_flushed);
}

/*
 * One write-notify cycle: dirty every page in every mapping (each store a
 * write fault on a read-only PTE), then fsync(): write-protect and flush.
 * Returns its duration in ns, and checks that it was that cycle.
 */
static uint64_t cycle(struct bench *b, struct pfnmap_test_stats *d)
{
	uint64_t start, end;

	start = now_ns();
	dirty_all(b);
	bench_fsync(b);
	end = now_ns();

	*d = stats_delta(b);
	check_cycle(b, d);
	return end - start;
}

/*
 * A cycle timed around mprotect(PROT_READ) of the whole mapping instead of
 * the flush.  mprotect(PROT_READ | PROT_WRITE) makes the dirty PTEs writable
 * again, so the fsync() that follows write-protects and flushes as usual.
 * Returns the duration of that mprotect() in ns.
 */
static uint64_t mprotect_cycle(struct bench *b, struct pfnmap_test_stats *d)
{
	size_t size = b->nr_pages * pagesize;
	uint64_t start, end;

	dirty_all(b);
	start = now_ns();
	if (mprotect(b->maps[0], size, PROT_READ))
		die("mprotect(PROT_READ): %s", strerror(errno));
	end = now_ns();
	if (mprotect(b->maps[0], size, PROT_READ | PROT_WRITE))
		die("mprotect(PROT_READ | PROT_WRITE): %s", strerror(errno));
	bench_fsync(b);
	*d = stats_delta(b);
	check_cycle(b, d);
	return end - start;
}

/*
 * -k, on the host: the TSC frequency in kHz, for the guest's tsc_early_khz=
 * (a guest's TSC runs at its host's rate).
 */
static void print_tsc_khz(void)
{
#ifdef __x86_64__
	struct timespec ts = { .tv_nsec = 200000000 };
	uint64_t t0, c0, t1, c1;

	t0 = now_ns();
	c0 = __rdtsc();
	while (nanosleep(&ts, &ts))
		if (errno != EINTR)
			die("nanosleep: %s", strerror(errno));
	c1 = __rdtsc();
	t1 = now_ns();
	printf("%llu\n", (unsigned long long)((c1 - c0) * 1000000 / (t1 - t0)));
#else
	die("-k: the TSC is x86_64's");
#endif
}

/*
 * The order in which @n protocols take their turn in one round: a fresh
 * random permutation each round (a fixed seed: runs repeat).  A fixed or
 * rotating order gives each protocol the same predecessor every time, and
 * what a cycle leaves behind (the harvest's writable PTEs, a TLB flush)
 * then weighs on one of them alone: the A/A control, which followed the
 * harvest, ran 1.06x to 1.16x the floor below 64 pages that way.
 */
static void turn_order(unsigned int *order, unsigned int n)
{
	static uint64_t state = 0x9e3779b97f4a7c15ULL;
	unsigned int i, j, t;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		/* xorshift64 */
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		j = state % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/*
 * Cycles per sample: enough for SAMPLE_MIN page-mappings, so that small
 * sizes are not a single fsync() lost in the clock's noise.
 */
static unsigned int sample_cycles(unsigned int pages, unsigned int maps)
{
	unsigned int n = pages * maps;

	return (SAMPLE_MIN + n - 1) / n;
}

/*
 * Figure "cycle" at one size.  The protocols take turns cycle by cycle
 * (turn_order()), so that each sample of each protocol spans the same
 * stretch of time.  Each sample opens and maps them afresh, in an order
 * turned by one each time: where a buffer and its mappings land (virtual
 * addresses, which set the emulator's TLB and the caches' sets, and pages)
 * then moves from protocol to protocol, rather than favouring one of them
 * in every sample.
 */
static void cycle_point(unsigned int pages, unsigned int maps)
{
	static double ns[NR_VARIANTS][MAX_RUNS], paired[NR_VARIANTS][MAX_RUNS];
	unsigned int k = sample_cycles(pages, maps), i, r, c, order[NR_VARIANTS];
	uint64_t sum[NR_VARIANTS];
	struct bench b[NR_VARIANTS];
	struct pfnmap_test_stats d;

	fprintf(stderr, "cycle: %u pages x %u mappings, %u cycles a sample\n",
		pages, maps, k);
	for (r = 0; r < opt.runs; r++) {
		for (i = 0; i < NR_VARIANTS; i++) {
			unsigned int v = (i + r) % NR_VARIANTS;

			bench_open(&b[v], &variants[v], pages, maps, 0, 0);
			cycle(&b[v], &d);	/* warm-up, untimed */
		}
		memset(sum, 0, sizeof(sum));
		for (c = 0; c < k; c++) {
			turn_order(order, NR_VARIANTS);
			for (i = 0; i < NR_VARIANTS; i++)
				sum[order[i]] += cycle(&b[order[i]], &d);
		}
		for (i = 0; i < NR_VARIANTS; i++)
			ns[i][r] = (double)sum[i] / k / pages / maps;
		for (i = 0; i < NR_VARIANTS; i++) {
			paired[i][r] = ns[i][r] / ns[0][r];
			bench_close(&b[i]);
		}
	}
	for (i = 0; i < NR_VARIANTS; i++) {
		emit(variants[i].protocol, variants[i].backing, "cycle", pages,
		     maps, ns[i], opt.runs, "ns/page-mapping");
		emit(variants[i].protocol, variants[i].backing, "cycle_paired",
		     pages, maps, paired[i], opt.runs, "ratio");
	}
}

/*
 * Figure "wrprotect" at one run length: a mapping_wrprotect_range() call
 * per page, one per run, one wp_clean_shared_mapping_range() per run, and
 * the kernel's own ways as the limit: one wp_shared_mapping_range() call
 * (timing only: it keeps the dirty bits, racy for write-notify) and
 * mprotect(PROT_READ) of the range, taking turns cycle by cycle.
 */
static void wrprotect_point(unsigned int pages)
{
	static const char * const mode[] = {
		"per_page", "runs", "walk", "wp_shared", "mprotect",
	};
	static const unsigned int flags[] = {
		0, PFNMAP_TEST_WRPROTECT_RUNS, PFNMAP_TEST_WRPROTECT_WALK,
		PFNMAP_TEST_WRPROTECT_SPAN | PFNMAP_TEST_WRPROTECT_KEEP_DIRTY, 0,
	};
	enum { NR_MODES = ARRAY_SIZE(mode), MPROTECT = NR_MODES - 1 };
	static double ns[NR_MODES][MAX_RUNS], calls[NR_MODES][MAX_RUNS];
	const struct variant *v = &variants[1];	/* mkwrite/pages */
	unsigned int k = sample_cycles(pages, 1), i, r, c, order[NR_MODES];
	uint64_t wp_ns[NR_MODES], wp_calls[NR_MODES], wp_ptes[NR_MODES];
	struct pfnmap_test_stats d;
	struct bench b[NR_MODES];
	char figure[64];

	fprintf(stderr, "wrprotect: %u contiguous dirty pages, %u cycles a sample\n",
		pages, k);
	for (i = 0; i < NR_MODES; i++) {
		bench_open(&b[i], v, pages, 1, 0, flags[i]);
		cycle(&b[i], &d);
	}
	for (r = 0; r < opt.runs; r++) {
		memset(wp_ns, 0, sizeof(wp_ns));
		memset(wp_calls, 0, sizeof(wp_calls));
		memset(wp_ptes, 0, sizeof(wp_ptes));
		for (c = 0; c < k; c++) {
			turn_order(order, NR_MODES);
			for (i = 0; i < NR_MODES; i++) {
				unsigned int m = order[i];

				if (m == MPROTECT) {
					wp_ns[m] += mprotect_cycle(&b[m], &d);
					wp_ptes[m] += pages;
					continue;
				}
				cycle(&b[m], &d);
				wp_ns[m] += d.wrprotect_ns;
				wp_calls[m] += d.wrprotect_calls;
				wp_ptes[m] += d.wrprotected;
			}
		}
		for (i = 0; i < NR_MODES; i++) {
			if (wp_ptes[i] != (uint64_t)k * pages)
				die("wrprotect %s: %llu PTEs in %u cycles of %u pages",
				    mode[i], (unsigned long long)wp_ptes[i], k,
				    pages);
			ns[i][r] = (double)wp_ns[i] / wp_ptes[i];
			calls[i][r] = (double)wp_calls[i] / k;
		}
	}
	for (i = 0; i < NR_MODES; i++) {
		snprintf(figure, sizeof(figure), "wrprotect_%s", mode[i]);
		emit(v->protocol, v->backing, figure, pages, 1, ns[i],
		     opt.runs, "ns/page");
		if (i != MPROTECT) {
			snprintf(figure, sizeof(figure), "wrprotect_calls_%s", mode[i]);
			emit(v->protocol, v->backing, figure, pages, 1, calls[i],
			     opt.runs, "calls/cycle");
		}
		bench_close(&b[i]);
	}
}

struct writer {
	pthread_t thread;
	char *first;		/* its slice of the buffer */
	unsigned int nr_pages;
	pthread_barrier_t *start;
	const bool *stop;
	uint64_t writes;
};

/* Store a counter into each page of the slice, round and round. */
static void *writer_fn(void *arg)
{
	struct writer *w = arg;
	uint64_t n = 0;
	unsigned int p;
	int ret;

	ret = pthread_barrier_wait(w->start);
	if (ret && ret != PTHREAD_BARRIER_SERIAL_THREAD)
		die("pthread_barrier_wait: %s", strerror(ret));
	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED))
		for (p = 0; p < w->nr_pages; p++)
			__atomic_store_n((uint64_t *)(w->first + p * pagesize),
					 ++n, __ATOMIC_RELAXED);
	w->writes = n;
	return NULL;
}

/* One throughput run of one protocol: pages flushed and stores per second. */
static void throughput_run(const struct variant *v, double *flushed,
			   double *writes)
{
	struct writer w[MAX_WRITERS];
	struct pfnmap_test_stats d;
	unsigned int per = opt.tp_pages / opt.tp_writers, i;
	pthread_barrier_t start_barrier;
	struct timespec ts = { .tv_sec = opt.tp_seconds };
	uint64_t start, elapsed, total = 0;
	bool stop = false;
	struct bench b;
	int ret;

	bench_open(&b, v, opt.tp_pages, 1, TP_FLUSH_DELAY_US, 0);
	ret = pthread_barrier_init(&start_barrier, NULL, opt.tp_writers + 1);
	if (ret)
		die("pthread_barrier_init: %s", strerror(ret));
	for (i = 0; i < opt.tp_writers; i++) {
		w[i] = (struct writer) {
			.first = b.maps[0] + (size_t)i * per * pagesize,
			.nr_pages = per,
			.start = &start_barrier,
			.stop = &stop,
		};
		ret = pthread_create(&w[i].thread, NULL, writer_fn, &w[i]);
		if (ret)
			die("pthread_create: %s", strerror(ret));
	}
	ret = pthread_barrier_wait(&start_barrier);
	if (ret && ret != PTHREAD_BARRIER_SERIAL_THREAD)
		die("pthread_barrier_wait: %s", strerror(ret));
	start = now_ns();
	stats_delta(&b);
	while (nanosleep(&ts, &ts))
		if (errno != EINTR)
			die("nanosleep: %s", strerror(errno));
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	d = stats_delta(&b);
	elapsed = now_ns() - start;
	for (i = 0; i < opt.tp_writers; i++) {
		ret = pthread_join(w[i].thread, NULL);
		if (ret)
			die("pthread_join: %s", strerror(ret));
		total += w[i].writes;
	}
	ret = pthread_barrier_destroy(&start_barrier);
	if (ret)
		die("pthread_barrier_destroy: %s", strerror(ret));
	if (fsync(b.fd))
		die("%s/%s: fsync: %s", v->protocol, v->backing, strerror(errno));
	bench_close(&b);
	*flushed = d.pages_flushed * 1e9 / elapsed;
	*writes = total * 1e9 / elapsed;
}

static void throughput_figure(void)
{
	static double flushed[NR_VARIANTS][MAX_RUNS], writes[NR_VARIANTS][MAX_RUNS];
	unsigned int i, r;

	for (r = 0; r < opt.tp_runs; r++)
		for (i = 0; i < NR_VARIANTS; i++) {
			unsigned int k = (i + r) % NR_VARIANTS;

			fprintf(stderr, "throughput: %s/%s, run %u\n",
				variants[k].protocol, variants[k].backing, r + 1);
			throughput_run(&variants[k], &flushed[k][r], &writes[k][r]);
		}
	for (i = 0; i < NR_VARIANTS; i++) {
		emit(variants[i].protocol, variants[i].backing,
		     "throughput_flushed", opt.tp_pages, 1, flushed[i],
		     opt.tp_runs, "pages/s");
		emit(variants[i].protocol, variants[i].backing,
		     "throughput_writes", opt.tp_pages, 1, writes[i],
		     opt.tp_runs, "writes/s");
	}
}

/* Whether the dirty-pages sweep (1, 4, 16, ... at one mapping) has @pages. */
static bool in_sweep(unsigned int pages)
{
	unsigned int p;

	for (p = opt.min_pages; p <= opt.max_pages; p *= 4)
		if (p == pages)
			return true;
	return false;
}

static unsigned int parse(const char *arg, char o, unsigned int min,
			  unsigned int max)
{
	unsigned long val;
	char *end;

	errno = 0;
	val = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || val < min || val > max)
		die("-%c %s: expected a number in %u..%u", o, arg, min, max);
	return val;
}

static void usage_exit(void)
{
	fprintf(stderr,
		"usage: pfnmap_bench [-f cycle,wrprotect,throughput] [-r RUNS]\n"
		"                    [-s MIN_PAGES] [-n MAX_PAGES] [-m MAX_MAPPINGS]\n"
		"                    [-p MAPPING_SWEEP_PAGES] [-t SECONDS] [-T THROUGHPUT_RUNS]\n"
		"                    [-w WRITERS] [-b THROUGHPUT_PAGES]\n"
		"       pfnmap_bench -k   (x86_64: the TSC frequency in kHz)\n");
	exit(2);
}

static void parse_figures(char *arg)
{
	char *f, *save;

	for (f = strtok_r(arg, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		if (!strcmp(f, "cycle"))
			opt.cycle = true;
		else if (!strcmp(f, "wrprotect"))
			opt.wrprotect = true;
		else if (!strcmp(f, "throughput"))
			opt.throughput = true;
		else
			die("-f %s: unknown figure (cycle, wrprotect, throughput)", f);
	}
}

int main(int argc, char **argv)
{
	unsigned int pages, maps;
	bool figures = false;
	long ps;
	int c;

	while ((c = getopt(argc, argv, "f:r:s:n:m:p:t:T:w:b:kh")) != -1) {
		switch (c) {
		case 'k':
			print_tsc_khz();
			return 0;
		case 'f':
			parse_figures(optarg);
			figures = true;
			break;
		case 'r':
			opt.runs = parse(optarg, c, 1, MAX_RUNS);
			break;
		case 'n':
			opt.max_pages = parse(optarg, c, 1, PFNMAP_TEST_MAX_PAGES);
			break;
		case 'm':
			opt.max_maps = parse(optarg, c, 1, 1024);
			break;
		case 'p':
			opt.maps_pages = parse(optarg, c, 1, PFNMAP_TEST_MAX_PAGES);
			break;
		case 's':
			opt.min_pages = parse(optarg, c, 1, PFNMAP_TEST_MAX_PAGES);
			break;
		case 't':
			opt.tp_seconds = parse(optarg, c, 1, 3600);
			break;
		case 'T':
			opt.tp_runs = parse(optarg, c, 1, MAX_RUNS);
			break;
		case 'w':
			opt.tp_writers = parse(optarg, c, 1, MAX_WRITERS);
			break;
		case 'b':
			opt.tp_pages = parse(optarg, c, 1, PFNMAP_TEST_MAX_PAGES);
			break;
		default:
			usage_exit();
		}
	}
	if (optind != argc)
		usage_exit();
	if (!figures) {
		opt.cycle = true;
		opt.wrprotect = true;
		opt.throughput = true;
	}
	if (opt.tp_pages < opt.tp_writers)
		die("-b %u: fewer pages than the %u writers", opt.tp_pages,
		    opt.tp_writers);
	ps = sysconf(_SC_PAGESIZE);
	if (ps <= 0)
		die("sysconf(_SC_PAGESIZE): %s", strerror(errno));
	pagesize = ps;

	fprintf(stderr,
		"settings: runs=%u min_pages=%u max_pages=%u max_mappings=%u mapping_sweep_pages=%u sample_min=%u writers=%u seconds=%u throughput_runs=%u throughput_pages=%u flush_delay_us=%u\n",
		opt.runs, opt.min_pages, opt.max_pages, opt.max_maps, opt.maps_pages,
		SAMPLE_MIN, opt.tp_writers, opt.tp_seconds, opt.tp_runs,
		opt.tp_pages, TP_FLUSH_DELAY_US);
	printf("protocol,backing,figure,dirty_pages,mappings,median,min,max,runs,unit\n");
	/* Dirty pages 1, 4, 16, ... at one mapping, then mappings 1, 2, 4, ... */
	if (opt.cycle) {
		for (pages = opt.min_pages; pages <= opt.max_pages; pages *= 4)
			cycle_point(pages, 1);
		for (maps = 1; maps <= opt.max_maps; maps *= 2)
			if (maps > 1 || !in_sweep(opt.maps_pages))
				cycle_point(opt.maps_pages, maps);
	}
	if (opt.wrprotect)
		for (pages = opt.min_pages; pages <= opt.max_pages; pages *= 4)
			wrprotect_point(pages);
	if (opt.throughput)
		throughput_figure();
	return 0;
}
