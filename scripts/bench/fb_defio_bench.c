// SPDX-License-Identifier: GPL-2.0-only
/*
 * Times the flush of fbdev deferred I/O itself, on the test framebuffers of
 * drivers/video/fbdev/fb_defio_test.c (loaded with a delay long enough that
 * only fsync() flushes): "kmem" (FBINFO_KMEMFB, a
 * wp_clean_shared_mapping_range() call per run of dirty pages) and "vmalloc"
 * (a mapping_wrprotect_range() call per page, under the page lock).
 *
 * A cycle stores to N pages of the mapping, as one run (pages 0..N-1) or
 * scattered (every other page: N runs of one), then fsync()s.  Figures,
 * in ns per dirty page, medians of samples (CSV rows as pfnmap_bench's):
 *   fsync_<pattern>      the fsync(): the worker's write-protect pass, then
 *                        the driver's ->deferred_io() copying the pages
 *   wrprotect_<pattern>  from the fsync() to the start of ->deferred_io()
 *                        (debugfs deferred_io_ns): the write-protect pass,
 *                        plus the wake-up of the worker
 *   mprotect_run         (kmem) mprotect(PROT_READ) of the run instead:
 *                        the kernel's limit for write-protecting it
 * The framebuffers take turns cycle by cycle.  It asserts nothing.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include <linux/fb.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

/* The clock of the kernel's ktime_get_ns(), which debugfs deferred_io_ns is. */
#define BENCH_CLOCK	CLOCK_MONOTONIC
#include "bench_util.h"

#define DEBUGFS_DIR	"/sys/kernel/debug/fb_defio_test"
#define MAX_FB		32
#define MAX_RUNS	101
#define SAMPLE_MIN	1024	/* dirty pages in one sample, at least */

enum pattern { RUN, SCATTERED, MPROTECT, NR_PATTERNS };

static const char * const figure_name[NR_PATTERNS] = {
	"run", "scattered", "run",
};

struct fb {
	const char *name;
	int fd;
	char stamp_path[128];	/* debugfs deferred_io_ns */
	char *map;
	unsigned int nr_pages;
};

static size_t pagesize;
static unsigned int runs = 21;

/* The debugfs file is not seekable: open it for each read. */
static uint64_t read_stamp(struct fb *fb)
{
	int fd = open(fb->stamp_path, O_RDONLY | O_CLOEXEC);
	char buf[32];
	ssize_t n;

	if (fd < 0)
		die("open %s: %s", fb->stamp_path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		die("read %s: %s", fb->stamp_path, n ? strerror(errno) : "empty");
	close(fd);
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

static void fb_open(struct fb *fb, const char *name)
{
	struct fb_fix_screeninfo fix;
	char id[sizeof(fix.id) + 1], path[128];
	int i, fd;

	snprintf(id, sizeof(id), "defio-%s", name);
	fb->name = name;
	fb->fd = -1;
	for (i = 0; i < MAX_FB && fb->fd < 0; i++) {
		snprintf(path, sizeof(path), "/dev/fb%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioctl(fd, FBIOGET_FSCREENINFO, &fix) &&
		    !strncmp(fix.id, id, sizeof(fix.id)))
			fb->fd = fd;
		else
			close(fd);
	}
	if (fb->fd < 0)
		die("no framebuffer %s (is fb_defio_test loaded?)", id);
	fb->nr_pages = fix.smem_len / pagesize;
	fb->map = mmap(NULL, fix.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       fb->fd, 0);
	if (fb->map == MAP_FAILED)
		die("%s: mmap: %s", id, strerror(errno));
	snprintf(fb->stamp_path, sizeof(fb->stamp_path),
		 DEBUGFS_DIR "/%s/deferred_io_ns", name);
	read_stamp(fb);
}

/* Store to @pages pages: 0..pages-1, or every other page. */
static void dirty(struct fb *fb, unsigned int pages, enum pattern p)
{
	unsigned int step = p == SCATTERED ? 2 : 1, i;
	static unsigned char val;

	val++;
	for (i = 0; i < pages; i++)
		__atomic_store_n(fb->map + (size_t)i * step * pagesize, val,
				 __ATOMIC_RELAXED);
}

static void fb_fsync(struct fb *fb)
{
	if (fsync(fb->fd))
		die("%s: fsync: %s", fb->name, strerror(errno));
}

/* One cycle; its flush and write-protect times in ns. */
static void cycle(struct fb *fb, unsigned int pages, enum pattern p,
		  uint64_t *flush, uint64_t *wrprotect)
{
	size_t len = (size_t)pages * pagesize;
	uint64_t start, end, stamp;

	dirty(fb, pages, p);
	start = now_ns();
	if (p == MPROTECT) {
		if (mprotect(fb->map, len, PROT_READ))
			die("mprotect(PROT_READ): %s", strerror(errno));
		end = now_ns();
		if (mprotect(fb->map, len, PROT_READ | PROT_WRITE))
			die("mprotect(PROT_READ | PROT_WRITE): %s", strerror(errno));
		fb_fsync(fb);
		*flush = *wrprotect = end - start;
		return;
	}
	fb_fsync(fb);
	end = now_ns();
	*flush = end - start;
	stamp = read_stamp(fb);
	if (stamp < start || stamp > end)
		die("%s: ->deferred_io() did not run in the fsync()", fb->name);
	*wrprotect = stamp - start;
}

/* Every pattern on both framebuffers at @pages dirty pages. */
static void point(struct fb *fbs, unsigned int pages)
{
	enum { NR = 2 * NR_PATTERNS };
	static double flush_ns[NR][MAX_RUNS], wp_ns[NR][MAX_RUNS];
	unsigned int k = (SAMPLE_MIN + pages - 1) / pages, i, r, c;
	uint64_t flush[NR], wp[NR], f, w;
	char figure[32];

	fprintf(stderr, "fb_defio: %u dirty pages, %u cycles a sample\n", pages, k);
	for (r = 0; r < runs; r++) {
		memset(flush, 0, sizeof(flush));
		memset(wp, 0, sizeof(wp));
		for (c = 0; c < k; c++)
			for (i = 0; i < NR; i++) {
				unsigned int m = (i + c + r) % NR;
				struct fb *fb = &fbs[m / NR_PATTERNS];
				enum pattern p = m % NR_PATTERNS;

				if ((p == SCATTERED && 2 * pages > fb->nr_pages) ||
				    (p == MPROTECT && m / NR_PATTERNS))
					continue;
				cycle(fb, pages, p, &f, &w);
				flush[m] += f;
				wp[m] += w;
			}
		for (i = 0; i < NR; i++) {
			flush_ns[i][r] = (double)flush[i] / k / pages;
			wp_ns[i][r] = (double)wp[i] / k / pages;
		}
	}
	for (i = 0; i < NR; i++) {
		struct fb *fb = &fbs[i / NR_PATTERNS];
		enum pattern p = i % NR_PATTERNS;

		if (!flush[i])
			continue;
		if (p == MPROTECT) {
			emit("fb_defio", fb->name, "mprotect_run", pages, 1,
			     wp_ns[i], runs, "ns/page");
			continue;
		}
		snprintf(figure, sizeof(figure), "fsync_%s", figure_name[p]);
		emit("fb_defio", fb->name, figure, pages, 1, flush_ns[i], runs,
		     "ns/page");
		snprintf(figure, sizeof(figure), "wrprotect_%s", figure_name[p]);
		emit("fb_defio", fb->name, figure, pages, 1, wp_ns[i], runs,
		     "ns/page");
	}
}

int main(int argc, char **argv)
{
	struct fb fbs[2];
	unsigned int pages, max_pages = 0;
	long ps;
	int c;

	while ((c = getopt(argc, argv, "r:n:")) != -1) {
		switch (c) {
		case 'r':
			runs = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			max_pages = strtoul(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: fb_defio_bench [-r RUNS] [-n MAX_PAGES]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS)
		die("-r %u: expected 1..%u", runs, MAX_RUNS);
	ps = sysconf(_SC_PAGESIZE);
	if (ps <= 0)
		die("sysconf(_SC_PAGESIZE): %s", strerror(errno));
	pagesize = ps;
	fb_open(&fbs[0], "kmem");
	fb_open(&fbs[1], "vmalloc");
	if (!max_pages || max_pages > fbs[0].nr_pages)
		max_pages = fbs[0].nr_pages;
	/* Map every page: from now on only writes fault. */
	for (pages = 0; pages < 2; pages++)
		dirty(&fbs[pages], fbs[pages].nr_pages, RUN);
	fb_fsync(&fbs[0]);
	fb_fsync(&fbs[1]);
	for (pages = 1; pages <= max_pages; pages *= 4)
		point(fbs, pages);
	return 0;
}
