// SPDX-License-Identifier: GPL-2.0-only
/*
 * fbdev deferred I/O through a real DRM driver (virtio-gpu, bochs) under
 * QEMU, checked on the screen: the guest writes known patterns through an
 * mmap() of /dev/fb0 and fsync()s; the host takes the screen with QEMU's
 * "screendump" and compares it, pixel for pixel, with what was written.
 *
 *   fbscreen guest FBDEV CHANNEL          in the guest: TAP on stdout
 *   fbscreen host MONITOR CHANNEL DIR SECONDS
 *                                         on the host: MONITOR and CHANNEL
 *                                         are the unix sockets of QEMU's
 *                                         monitor and of the guest's
 *                                         CHANNEL serial port
 *
 * Every page of the framebuffer has a state: a fill (a gradient over the
 * screen, with a blue of the page's stamp), then maybe the last 64-bit counter a
 * race writer stored at its start, and one byte changed at a place of its
 * own.  After each round the guest sends the states that changed and asks
 * for the screen; the host, which runs the same code, rebuilds the expected
 * framebuffer, converts it from the framebuffer's format (32 bits per
 * pixel, 8 per colour, at the offsets the guest reports) to RGB, and
 * compares it with the screendump (PPM).  On a mismatch it retakes the
 * screen a few times (a flush may be late, never lost), then keeps both
 * images in DIR.  Rounds: the whole screen twice, single pages, scattered
 * pages, one byte in every page, writers that race the deferred I/O delay
 * (each followed by a check of their pages, one page flushed at a time),
 * final rounds that change and flush every page alone, so that a page
 * left writable but untracked cannot hide behind the damage rectangle of
 * another page (see final_stride()), and last rounds with a second device
 * node of the framebuffer open (see rounds_second_node()).
 *
 * Guest to host, lines: "HELLO", "SHOT ROUND NAME W H STRIDE PAGESIZE
 * NPAGES ROFF GOFF BOFF", then "P PAGE STAMP HASWORD WORD HASBYTE BYTE" for
 * each page that changed, "END"; "BYE" at the end.  Host to guest: "READY",
 * "RESULT ROUND PIXELS MISMATCHES BADPAGES TRIES SCREEN_W SCREEN_H".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <linux/fb.h>

/* drm_fbdev_shmem's deferred I/O delay: HZ / 20 */
#define DEFIO_DELAY_MS	50
/* after fsync(): the DRM damage worker and the device's update */
#define SETTLE_MS	(4 * DEFIO_DELAY_MS)
#define RACE_WRITERS	32
#define RACE_SECONDS	2
/* the final round and the race checks: a pause after each page's fsync() */
#define PAGE_GAP_US	20000
#define REPLY_SECONDS	300
#define SEED		0x5eed2026u

struct page_state {
	uint32_t stamp;
	uint32_t has_word;
	uint64_t word;
	uint32_t has_byte;
	uint32_t byte;
};

struct geom {
	unsigned int w, h, stride, pagesize, npages;
	unsigned int off[3];	/* bit offsets of red, green, blue */
};

static uint64_t rng = SEED;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 32;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fbscreen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000l };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * The pattern: red across, green down, and a blue of the page's stamp.  A
 * page filled again gets a stamp that differs modulo 256: every pixel of it
 * changes.  A page shown at the wrong place differs in red or green.
 */
static uint32_t pixel(const struct geom *g, size_t o, uint32_t stamp)
{
	unsigned int x = (o % g->stride) / 4, y = o / g->stride;
	uint32_t r = (x * 256 / g->w) & 0xff, gr = (y * 256 / g->h) & 0xff;
	uint32_t b = (stamp * 101) & 0xff;

	return r << g->off[0] | gr << g->off[1] | b << g->off[2];
}

/* Where a page's single byte goes: past the race word, in a colour byte. */
static size_t byte_offset(const struct geom *g, unsigned int p)
{
	size_t word = 2 + (p * 131u) % (g->pagesize / 4 - 2);

	return word * 4 + g->off[p % 3] / 8;
}

static void fill_page(const struct geom *g, uint8_t *page, unsigned int p,
		      uint32_t stamp)
{
	uint32_t *w = (uint32_t *)page;
	size_t i;

	for (i = 0; i < g->pagesize / 4; i++)
		w[i] = pixel(g, (size_t)p * g->pagesize + i * 4, stamp);
}

static void build_page(const struct geom *g, uint8_t *page, unsigned int p,
		       const struct page_state *s)
{
	fill_page(g, page, p, s->stamp);
	if (s->has_word)
		memcpy(page, &s->word, sizeof(s->word));
	if (s->has_byte)
		page[byte_offset(g, p)] = s->byte;
}

/* ---- line I/O with a deadline, on a tty or a socket ---- */

struct chan {
	int fd;
	char buf[4096];
	size_t len;
};

/* 1: a line in line[], 0: timeout, -1: EOF or error */
static int read_line(struct chan *c, char *line, size_t size, uint64_t deadline)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		uint64_t t = now_ms();
		ssize_t n;

		if (nl) {
			size_t l = nl - c->buf;

			if (l && c->buf[l - 1] == '\r')
				l--;
			if (l >= size)
				l = size - 1;
			memcpy(line, c->buf, l);
			line[l] = 0;
			c->len -= nl + 1 - c->buf;
			memmove(c->buf, nl + 1, c->len);
			return 1;
		}
		if (c->len == sizeof(c->buf))
			c->len = 0;	/* an over-long line: drop it */
		if (t >= deadline)
			return 0;
		n = poll(&pfd, 1, deadline - t);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		c->len += n;
	}
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= n;
	}
	return 0;
}

static int printf_fd(int fd, const char *fmt, ...)
{
	char s[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	return write_all(fd, s, n);
}

/* ---- the guest ---- */

struct fb {
	int fd, fd2;
	uint8_t *map, *map2;	/* /dev/fb0's, and the second node's */
	size_t len;
	struct geom g;
	struct page_state *st, *sent;
	struct chan chan;
	unsigned int round, tap, failed;
	unsigned long long pixels, mismatches;
};

struct writer {
	pthread_t thread;
	volatile uint64_t *addr;
	bool *stop;
	bool bursts;
	uint64_t seed, last;
};

static void *writer_fn(void *arg)
{
	struct writer *w = arg;
	uint64_t n = 0, r = w->seed;
	unsigned int i;

	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		*w->addr = ++n;
		asm volatile("" : : : "memory");
		if (!w->bursts || n % 1024)
			continue;
		/* bursts a random 0 to 2 delays apart: some fault as it flushes */
		for (i = 0; i < 3; i++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
		}
		sleep_ms(r % (2 * DEFIO_DELAY_MS + 1));
	}
	w->last = n;
	return NULL;
}

static void flush(struct fb *f)
{
	if (fsync(f->fd))
		die("fsync: %s", strerror(errno));
}

/* Send what changed, ask for the screen, print the case. */
static void shot(struct fb *f, const char *name)
{
	const struct geom *g = &f->g;
	unsigned long long pixels = 0, bad = 0;
	unsigned int p, round = ++f->round, tries = 0, sw = 0, sh = 0, rr;
	long long mism = -1;
	char line[256];
	int got = 0;

	flush(f);
	sleep_ms(SETTLE_MS);
	printf_fd(f->chan.fd, "SHOT %u %s %u %u %u %u %u %u %u %u\n", round,
		  name, g->w, g->h, g->stride, g->pagesize, g->npages,
		  g->off[0], g->off[1], g->off[2]);
	for (p = 0; p < g->npages; p++) {
		const struct page_state *s = &f->st[p];

		if (!memcmp(s, &f->sent[p], sizeof(*s)))
			continue;
		printf_fd(f->chan.fd, "P %u %x %u %llx %u %x\n", p, s->stamp,
			  s->has_word, (unsigned long long)s->word,
			  s->has_byte, s->byte);
		f->sent[p] = *s;
	}
	printf_fd(f->chan.fd, "END\n");
	for (;;) {
		got = read_line(&f->chan, line, sizeof(line),
				now_ms() + REPLY_SECONDS * 1000);
		if (got <= 0)
			break;
		if (sscanf(line, "RESULT %u %llu %lld %llu %u %u %u", &rr,
			   &pixels, &mism, &bad, &tries, &sw, &sh) == 7 &&
		    rr == round)
			break;
	}
	f->tap++;
	if (got <= 0) {
		printf("not ok %u %s: no answer from the host (%s)\n", f->tap,
		       name, got ? "channel closed" : "timeout");
		f->failed++;
		return;
	}
	f->pixels += pixels;
	if (mism > 0)
		f->mismatches += mism;
	if (mism == 0 && pixels) {
		printf("ok %u %s: %llu pixels, 0 mismatches\n", f->tap, name,
		       pixels);
		return;
	}
	f->failed++;
	if (mism < 0)
		printf("not ok %u %s: the host could not take the screen\n",
		       f->tap, name);
	else
		printf("not ok %u %s: %llu pixels, %lld mismatches in %llu pages after %u tries (screen %ux%u); screen and expected image kept on the host\n",
		       f->tap, name, pixels, mism, bad, tries, sw, sh);
}

/*
 * Fill a page again through MAP, its stamp moved by STEP (1 to 255; 0: at
 * random).  Both nodes' mappings show the same memory: one state a page.
 */
static void fill_map(struct fb *f, uint8_t *map, unsigned int p, uint32_t step)
{
	struct page_state *s = &f->st[p];

	s->stamp += step ? step : 1 + rnd() % 255;
	s->has_word = s->has_byte = 0;
	fill_page(&f->g, map + (size_t)p * f->g.pagesize, p, s->stamp);
}

static void fill(struct fb *f, unsigned int p, uint32_t step)
{
	fill_map(f, f->map, p, step);
}

static void poke_byte(struct fb *f, unsigned int p)
{
	volatile uint8_t *b = f->map + (size_t)p * f->g.pagesize +
			      byte_offset(&f->g, p);
	uint8_t v = *b ^ (1 + rnd() % 255);	/* never what it was */

	*b = v;
	f->st[p].has_byte = 1;
	f->st[p].byte = v;
}

static void round_full(struct fb *f)
{
	uint32_t step = 1 + rnd() % 255;
	unsigned int p;

	/* one step for all: an even screen, where later rounds show */
	for (p = 0; p < f->g.npages; p++)
		fill(f, p, step);
	shot(f, "whole_screen");
}

static void round_single(struct fb *f, unsigned int p, const char *name)
{
	fill(f, p, 0);
	shot(f, name);
}

static void round_scattered(struct fb *f)
{
	unsigned int p;

	for (p = 0; p < f->g.npages; p++)
		if (rnd() % 8 == 0)
			fill(f, p, 0);
	shot(f, "scattered_pages");
}

static void round_bytes(struct fb *f)
{
	unsigned int p;

	for (p = 0; p < f->g.npages; p++)
		poke_byte(f, p);
	shot(f, "one_byte_per_page");
}

/* Each page changed and flushed alone, then one screen. */
static void round_each_alone(struct fb *f, const unsigned int *pages,
			     unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		poke_byte(f, pages[i]);
		flush(f);
		usleep(PAGE_GAP_US);
	}
	shot(f, name);
}

static void round_race(struct fb *f, bool bursts, unsigned int nr)
{
	struct writer w[RACE_WRITERS];
	unsigned int i, pages[RACE_WRITERS];
	unsigned long long writes = 0;
	char name[64];
	bool stop = false;

	for (i = 0; i < RACE_WRITERS; i++) {
		pages[i] = i * f->g.npages / RACE_WRITERS + nr;
		w[i] = (struct writer){
			.addr = (uint64_t *)(f->map + (size_t)pages[i] * f->g.pagesize),
			.stop = &stop,
			.bursts = bursts,
			.seed = (uint64_t)rnd() << 32 | rnd() | 1,
		};
		if (pthread_create(&w[i].thread, NULL, writer_fn, &w[i]))
			die("pthread_create");
	}
	sleep(RACE_SECONDS);
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	for (i = 0; i < RACE_WRITERS; i++) {
		pthread_join(w[i].thread, NULL);
		f->st[pages[i]].has_word = 1;
		f->st[pages[i]].word = w[i].last;
		writes += w[i].last;
	}
	printf("# race %u (%s): %u writers, %llu writes in %u s\n", nr,
	       bursts ? "bursts" : "continuous", RACE_WRITERS, writes,
	       RACE_SECONDS);
	snprintf(name, sizeof(name), "race_%s_%u",
		 bursts ? "bursts" : "continuous", nr);
	shot(f, name);
	/* a page the race left writable but untracked loses this */
	snprintf(name, sizeof(name), "race_%s_%u_pages_alone",
		 bursts ? "bursts" : "continuous", nr);
	round_each_alone(f, pages, RACE_WRITERS, name);
}

/*
 * The damage DRM copies is whole lines (drm_fb_helper_deferred_io()), and
 * a line shares pages with its neighbours: a page flushed after another
 * copies the other's bytes on the lines they share.  So the final check
 * changes pages this far apart, each flushed alone, then takes the screen,
 * as many times as it takes to cover every page.
 */
static unsigned int final_stride(const struct geom *g)
{
	return (g->stride + g->pagesize - 1) / g->pagesize + 2;
}

/*
 * The pages on the first line, each in a final round of its own: QEMU's
 * virtio-gpu copies the whole resource for a transfer that starts at
 * offset 0 with the full width, which is the damage of these pages.
 */
static unsigned int first_line_pages(const struct geom *g)
{
	return (g->stride + g->pagesize - 1) / g->pagesize;
}

/* the rounds before the final ones */
#define ROUNDS	15

/*
 * A second device node of the framebuffer, as a container runtime makes
 * for --device /dev/fb0: an inode, and so an address_space, of its own.
 * Deferred I/O used to write-protect the pages it flushed through the
 * address_space of the file opened last: once a file of the second node
 * was open, /dev/fb0's mapping kept a page writable after its next flush,
 * and every later write through it was lost to the screen.
 */
#define SECOND_NODE_ROUNDS	3
/* written through /dev/fb0; one more page is written through the node */
#define SECOND_NODE_PAGES	3

/* Make the node, open and map it: 0, or -1 and why. */
static int second_node_open(struct fb *f, char *why, size_t size)
{
	char dir[] = "/tmp/fbscreen-node.XXXXXX", path[64];
	const char *what;
	struct stat st;

	what = "fstat";
	if (fstat(f->fd, &st))
		goto fail;
	what = "mkdtemp";
	if (!mkdtemp(dir))
		goto fail;
	/* a file system of its own, as a container's /dev */
	what = "mount tmpfs";
	if (mount("tmpfs", dir, "tmpfs", 0, "mode=0700"))
		goto fail;
	snprintf(path, sizeof(path), "%s/fb0", dir);
	what = "mknod";
	if (mknod(path, S_IFCHR | 0600, st.st_rdev))
		goto fail;
	what = "open the second node";
	f->fd2 = open(path, O_RDWR);
	if (f->fd2 < 0)
		goto fail;
	what = "mmap the second node";
	f->map2 = mmap(NULL, f->len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       f->fd2, 0);
	if (f->map2 == MAP_FAILED) {
		close(f->fd2);
		goto fail;
	}
	return 0;
fail:
	snprintf(why, size, "%s: %s", what, strerror(errno));
	return -1;
}

/*
 * Fill each page again through /dev/fb0's mapping, or the second node's,
 * flushed through that node alone: a page whose write is not tracked is
 * then copied by no other page's damage.
 */
static void round_fill_alone(struct fb *f, bool second,
			     const unsigned int *pages, unsigned int n,
			     const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		fill_map(f, second ? f->map2 : f->map, pages[i], 0);
		if (fsync(second ? f->fd2 : f->fd))
			die("fsync: %s", strerror(errno));
		usleep(PAGE_GAP_US);
	}
	shot(f, name);
}

/*
 * With the second node open and mapped: pages written through /dev/fb0
 * (the first write faults whatever the kernel), a page written through the
 * node, then the first pages written again through /dev/fb0, which a kernel
 * without one address_space for every node never shows.  The pages are a
 * fifth of the screen apart (far more than final_stride()), none on the
 * first line (first_line_pages()).
 */
static void rounds_second_node(struct fb *f)
{
	static const char *const names[SECOND_NODE_ROUNDS] = {
		"second_node_first_write",
		"second_node_own_write",
		"second_node_rewrite",
	};
	unsigned int pages[SECOND_NODE_PAGES + 1], i;
	char why[128];

	if (second_node_open(f, why, sizeof(why))) {
		for (i = 0; i < SECOND_NODE_ROUNDS; i++) {
			printf("not ok %u %s: %s\n", ++f->tap, names[i], why);
			f->failed++;
		}
		return;
	}
	for (i = 0; i <= SECOND_NODE_PAGES; i++)
		pages[i] = (i + 1) * f->g.npages / (SECOND_NODE_PAGES + 2);
	round_fill_alone(f, false, pages, SECOND_NODE_PAGES, names[0]);
	round_fill_alone(f, true, &pages[SECOND_NODE_PAGES], 1, names[1]);
	round_fill_alone(f, false, pages, SECOND_NODE_PAGES, names[2]);
	/*
	 * The node and its tmpfs stay until the guest powers off: without the
	 * fix, deferred I/O keeps the node's address_space after this close,
	 * and freeing its inode would leave it pointing at freed memory.
	 */
	munmap(f->map2, f->len);
	close(f->fd2);
}

static int guest(const char *dev, const char *chan_path)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	struct termios tio;
	struct fb f = { 0 };
	unsigned int *all, p, i;
	char line[64];
	int got = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	f.fd = open(dev, O_RDWR);
	if (f.fd < 0)
		die("%s: %s", dev, strerror(errno));
	/* With no fbcon the mode is not set until someone asks. */
	if (ioctl(f.fd, FBIOGET_VSCREENINFO, &var))
		die("FBIOGET_VSCREENINFO: %s", strerror(errno));
	var.activate = FB_ACTIVATE_NOW | FB_ACTIVATE_FORCE;
	if (ioctl(f.fd, FBIOPUT_VSCREENINFO, &var))
		die("FBIOPUT_VSCREENINFO: %s", strerror(errno));
	if (ioctl(f.fd, FBIOGET_VSCREENINFO, &var) ||
	    ioctl(f.fd, FBIOGET_FSCREENINFO, &fix))
		die("FBIOGET_*SCREENINFO: %s", strerror(errno));
	f.g = (struct geom){
		.w = var.xres, .h = var.yres, .stride = fix.line_length,
		.pagesize = getpagesize(),
		.off = { var.red.offset, var.green.offset, var.blue.offset },
	};
	f.len = ((size_t)f.g.stride * f.g.h + f.g.pagesize - 1) &
		~((size_t)f.g.pagesize - 1);
	f.g.npages = f.len / f.g.pagesize;
	if (var.bits_per_pixel != 32 || var.red.length != 8 ||
	    var.green.length != 8 || var.blue.length != 8 ||
	    f.len > fix.smem_len) {
		printf("1..1\nnot ok 1 %s (%.16s): %ux%u, %u bpp, rgb %u/%u/%u bits, %zu of %u bytes: not a 32-bit RGB framebuffer this test knows\n",
		       dev, fix.id, var.xres, var.yres, var.bits_per_pixel,
		       var.red.length, var.green.length, var.blue.length,
		       f.len, fix.smem_len);
		return 1;
	}
	printf("1..%u\n", 1 + ROUNDS + first_line_pages(&f.g) +
	       final_stride(&f.g) + SECOND_NODE_ROUNDS);
	f.map = mmap(NULL, f.len, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd, 0);
	if (f.map == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	f.st = calloc(f.g.npages, sizeof(*f.st));
	f.sent = calloc(f.g.npages, sizeof(*f.sent));
	all = calloc(f.g.npages, sizeof(*all));
	if (!f.st || !f.sent || !all)
		die("out of memory");
	/* initial states the host cannot know: every page is sent once */
	memset(f.sent, 0xff, f.g.npages * sizeof(*f.sent));

	f.chan.fd = open(chan_path, O_RDWR | O_NOCTTY);
	if (f.chan.fd < 0)
		die("%s: %s", chan_path, strerror(errno));
	if (!tcgetattr(f.chan.fd, &tio)) {
		cfmakeraw(&tio);
		tcsetattr(f.chan.fd, TCSANOW, &tio);
	}
	for (i = 0; i < 60 && got <= 0; i++) {
		printf_fd(f.chan.fd, "HELLO\n");
		do
			got = read_line(&f.chan, line, sizeof(line),
					now_ms() + 1000);
		while (got > 0 && strcmp(line, "READY"));
	}
	if (got <= 0) {
		printf("not ok 1 no host on %s\n", chan_path);
		return 1;
	}
	printf("ok 1 %s (%.16s): %ux%u, stride %u, %u pages, red/green/blue at bits %u/%u/%u, mode set\n",
	       dev, fix.id, f.g.w, f.g.h, f.g.stride, f.g.npages,
	       f.g.off[0], f.g.off[1], f.g.off[2]);
	f.tap = 1;

	round_full(&f);
	round_full(&f);
	round_single(&f, 0, "single_page_first");
	round_single(&f, f.g.npages - 1, "single_page_last");
	round_single(&f, f.g.npages / 2 + 1, "single_page_middle");
	round_scattered(&f);
	round_bytes(&f);
	round_race(&f, false, 1);
	round_race(&f, true, 2);
	round_race(&f, false, 3);
	round_race(&f, true, 4);
	for (i = 0; i < first_line_pages(&f.g); i++) {
		char name[64];

		snprintf(name, sizeof(name), "final_page_%u_alone", i);
		round_each_alone(&f, &i, 1, name);
	}
	for (i = 0; i < final_stride(&f.g); i++) {
		unsigned int n = 0;
		char name[64];

		for (p = i; p < f.g.npages; p += final_stride(&f.g))
			if (p >= first_line_pages(&f.g))
				all[n++] = p;
		snprintf(name, sizeof(name), "final_every_page_alone_%u_of_%u",
			 i + 1, final_stride(&f.g));
		round_each_alone(&f, all, n, name);
	}
	/* last: on a kernel with the bug, it loses writes for good */
	rounds_second_node(&f);

	printf_fd(f.chan.fd, "BYE\n");
	printf("# totals: %u rounds, %llu pixels compared, %llu mismatches\n",
	       f.round, f.pixels, f.mismatches);
	return f.failed ? 1 : 0;
}

/* ---- the host ---- */

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read the monitor until its prompt; 0 when it came. */
static int monitor_prompt(int fd, uint64_t deadline, char *out, size_t size)
{
	size_t len = 0;

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		uint64_t t = now_ms();
		ssize_t n;

		if (t >= deadline || poll(&pfd, 1, deadline - t) <= 0)
			return -1;
		n = read(fd, out + len, size - 1 - len);
		if (n <= 0)
			return -1;
		len += n;
		out[len] = 0;
		if (len >= 7 && !strcmp(out + len - 7, "(qemu) "))
			return 0;
		if (len == size - 1) {
			/* keep the end, where the prompt will be */
			memmove(out, out + len - 16, 16);
			len = 16;
		}
	}
}

static uint8_t *read_ppm(const char *path, unsigned int *w, unsigned int *h)
{
	FILE *fp = fopen(path, "rb");
	unsigned int max;
	uint8_t *rgb;
	size_t n;

	if (!fp)
		return NULL;
	if (fscanf(fp, "P6 %u %u %u", w, h, &max) != 3 || max != 255 ||
	    fgetc(fp) == EOF || *w > 16384 || *h > 16384) {
		fclose(fp);
		return NULL;
	}
	n = (size_t)*w * *h * 3;
	rgb = malloc(n ? n : 1);
	if (rgb && fread(rgb, 1, n, fp) != n) {
		free(rgb);
		rgb = NULL;
	}
	fclose(fp);
	return rgb;
}

static void write_ppm(const char *path, const uint8_t *rgb, unsigned int w,
		      unsigned int h)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		die("%s: %s", path, strerror(errno));
	fprintf(fp, "P6\n%u %u\n255\n", w, h);
	fwrite(rgb, 3, (size_t)w * h, fp);
	fclose(fp);
}

struct host {
	const char *dir;
	int mon;
	struct chan chan;
	struct geom g;
	struct page_state *st;
	uint8_t *fbmem, *want;
	FILE *log;
};

static uint8_t *expected_rgb(struct host *h)
{
	const struct geom *g = &h->g;
	unsigned int p, x, y, c;

	for (p = 0; p < g->npages; p++)
		build_page(g, h->fbmem + (size_t)p * g->pagesize, p, &h->st[p]);
	for (y = 0; y < g->h; y++)
		for (x = 0; x < g->w; x++) {
			uint32_t v;

			memcpy(&v, h->fbmem + (size_t)y * g->stride + x * 4, 4);
			for (c = 0; c < 3; c++)
				h->want[((size_t)y * g->w + x) * 3 + c] =
					v >> g->off[c];
		}
	return h->want;
}

/* Take the screen into PATH; 0 on success. */
static int screendump(struct host *h, const char *path, uint64_t deadline)
{
	char out[4096];

	unlink(path);
	if (printf_fd(h->mon, "screendump %s\n", path) ||
	    monitor_prompt(h->mon, deadline, out, sizeof(out)))
		return -1;
	if (strstr(out, "rror")) {
		fprintf(h->log, "screendump: %s\n", out);
		return -1;
	}
	return 0;
}

static void host_shot(struct host *h, unsigned int round, const char *name)
{
	const struct geom *g = &h->g;
	unsigned long long mism = 0, bad = 0;
	unsigned int tries, sw = 0, sh = 0, x, y;
	char screen[4200], want[4200];
	long last_page;
	uint8_t *rgb = NULL;

	expected_rgb(h);
	snprintf(screen, sizeof(screen), "%s/round-%02u-%s.screen.ppm", h->dir,
		 round, name);
	snprintf(want, sizeof(want), "%s/round-%02u-%s.expected.ppm", h->dir,
		 round, name);
	for (tries = 1; tries <= 4; tries++) {
		if (tries > 1)
			sleep_ms(500);
		free(rgb);
		rgb = NULL;
		if (screendump(h, screen, now_ms() + 60000))
			break;
		rgb = read_ppm(screen, &sw, &sh);
		if (!rgb)
			continue;
		mism = bad = 0;
		if (sw != g->w || sh != g->h) {
			mism = (unsigned long long)g->w * g->h;
			bad = g->npages;
			continue;
		}
		last_page = -1;
		for (y = 0; y < g->h; y++)
			for (x = 0; x < g->w; x++) {
				size_t i = ((size_t)y * g->w + x) * 3;
				long page = ((size_t)y * g->stride + x * 4) / g->pagesize;

				if (!memcmp(rgb + i, h->want + i, 3))
					continue;
				mism++;
				if (page != last_page)
					bad++;
				last_page = page;
			}
		if (!mism)
			break;
	}
	if (!rgb) {
		fprintf(h->log, "round %u %s: no screen\n", round, name);
		printf_fd(h->chan.fd, "RESULT %u 0 -1 0 %u 0 0\n", round, tries);
		return;
	}
	free(rgb);
	if (tries > 4)
		tries = 4;
	fprintf(h->log, "round %u %s: %ux%u, %llu pixels, %llu mismatches in %llu pages, %u tries\n",
		round, name, sw, sh, (unsigned long long)g->w * g->h, mism, bad,
		tries);
	fflush(h->log);
	if (mism) {
		write_ppm(want, h->want, g->w, g->h);
	} else {
		/* the last good screen, for a look at the pattern */
		snprintf(want, sizeof(want), "%s/screen.ppm", h->dir);
		rename(screen, want);
	}
	printf_fd(h->chan.fd, "RESULT %u %llu %llu %llu %u %u %u\n", round,
		  (unsigned long long)g->w * g->h, mism, bad, tries, sw, sh);
}

static int host_geom(struct host *h, const char *line, unsigned int *round,
		     char *name)
{
	struct geom g;

	if (sscanf(line, "SHOT %u %63s %u %u %u %u %u %u %u %u", round, name,
		   &g.w, &g.h, &g.stride, &g.pagesize, &g.npages, &g.off[0],
		   &g.off[1], &g.off[2]) != 10 || !g.w || !g.h ||
	    g.w > 8192 || g.h > 8192 || g.stride < g.w * 4 ||
	    g.pagesize < 64 || g.pagesize > 65536 ||
	    (size_t)g.npages * g.pagesize < (size_t)g.stride * g.h ||
	    g.npages > (1u << 20) || g.off[0] > 24 || g.off[1] > 24 ||
	    g.off[2] > 24)
		return -1;
	if (h->st && !memcmp(&g, &h->g, sizeof(g)))
		return 0;
	h->g = g;
	free(h->st);
	free(h->fbmem);
	free(h->want);
	h->st = calloc(g.npages, sizeof(*h->st));
	h->fbmem = malloc((size_t)g.npages * g.pagesize);
	h->want = malloc((size_t)g.w * g.h * 3);
	if (!h->st || !h->fbmem || !h->want)
		die("out of memory");
	return 0;
}

/* Serve one connection of the guest; 1 after BYE, 0 when QEMU went away. */
static int host_serve(struct host *h, uint64_t deadline)
{
	char line[256], name[64];
	unsigned int round;
	bool in_shot = false;

	for (;;) {
		int got = read_line(&h->chan, line, sizeof(line), deadline);

		if (got < 0)
			return 0;
		if (got == 0)
			die("no BYE from the guest in time");
		if (!strcmp(line, "HELLO")) {
			printf_fd(h->chan.fd, "READY\n");
		} else if (!strcmp(line, "BYE")) {
			return 1;
		} else if (!strncmp(line, "SHOT ", 5)) {
			in_shot = !host_geom(h, line, &round, name);
			if (!in_shot)
				fprintf(h->log, "bad request: %s\n", line);
		} else if (in_shot && line[0] == 'P') {
			struct page_state s;
			unsigned long long word;
			unsigned int p;

			if (sscanf(line, "P %u %x %u %llx %u %x", &p, &s.stamp,
				   &s.has_word, &word, &s.has_byte,
				   &s.byte) != 6 || p >= h->g.npages) {
				fprintf(h->log, "bad page: %s\n", line);
				in_shot = false;
				continue;
			}
			s.word = word;
			h->st[p] = s;
		} else if (in_shot && !strcmp(line, "END")) {
			host_shot(h, round, name);
			in_shot = false;
		}
	}
}

static int host(const char *mon, const char *chan, const char *dir,
		unsigned int seconds)
{
	uint64_t deadline = now_ms() + seconds * 1000ull;
	struct host h = { .dir = dir };
	char path[4200], out[4096];

	snprintf(path, sizeof(path), "%s/fbscreen.log", dir);
	h.log = fopen(path, "w");
	if (!h.log)
		die("%s: %s", path, strerror(errno));
	/*
	 * QEMU makes the sockets when it starts, maybe twice (a KVM probe,
	 * then TCG): connect, serve, and connect again until the guest says
	 * BYE or time runs out.
	 */
	while (now_ms() < deadline) {
		h.mon = connect_unix(mon);
		h.chan.fd = h.mon < 0 ? -1 : connect_unix(chan);
		h.chan.len = 0;
		if (h.chan.fd >= 0 &&
		    !monitor_prompt(h.mon, now_ms() + 30000, out, sizeof(out)) &&
		    host_serve(&h, deadline)) {
			fclose(h.log);
			return 0;
		}
		if (h.mon >= 0)
			close(h.mon);
		if (h.chan.fd >= 0)
			close(h.chan.fd);
		sleep_ms(100);
	}
	fprintf(h.log, "no BYE from the guest within %u s\n", seconds);
	fclose(h.log);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "guest"))
		return guest(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "host"))
		return host(argv[2], argv[3], argv[4], atoi(argv[5]));
	fprintf(stderr, "usage: %s guest FBDEV CHANNEL\n"
		"       %s host MONITOR CHANNEL DIR SECONDS\n", argv[0], argv[0]);
	return 2;
}
