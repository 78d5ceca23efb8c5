// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest side of the ssd1307fb bus check (scripts/ssd1307fb.sh): find
 * the framebuffer of ssd1307fb by its fix.id, write patterns through an
 * mmap() of it (and one through write()), fsync() after each, and mark the
 * bus at each checkpoint with a blank and an unblank (FBIOBLANK: the
 * driver sends the commands 0xae, display off, and 0xaf).  The host decodes
 * QEMU's trace of the I2C bus into the panel's RAM, takes it at each 0xae,
 * and compares it with what this program wrote last before that
 * checkpoint (ssd1306-decode.c).
 *
 *   ssd1307fb-guest [RACE_SECONDS [SEED]]
 *
 * Output (stdout), lines: "fb DEV ID W H LINE_LENGTH SMEM_LEN",
 * "image K NAME LEN", then LEN bytes as hex, 32 a line, each line starting
 * with "hex ", then "end"; "done K" with the number of checkpoints.
 * Other lines start with "#".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/fb.h>

#define FB_ID		"Solomon SSD1307"
#define PAGE		4096

static uint8_t *map, *shadow;
static size_t len;
static int fd, checkpoints;
static unsigned int width, height, line_length;
static uint64_t rng;

static void die(const char *what)
{
	printf("# ssd1307fb-guest: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (rng * 2685821657736338717ULL) >> 32;
}

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put(size_t off, uint8_t v)
{
	map[off] = v;
	shadow[off] = v;
}

static void set_pixel(unsigned int x, unsigned int y, int on)
{
	size_t off = (size_t)y * line_length + x / 8;
	uint8_t bit = 1 << (x % 8);

	put(off, on ? (shadow[off] | bit) : (shadow[off] & ~bit));
}

/* Flush, check that the mapping holds what was written, mark the bus. */
static void checkpoint(const char *name)
{
	size_t i;

	if (fsync(fd))
		die("fsync");
	if (memcmp(map, shadow, len))
		printf("# %s: the mapping does not read back what was written\n",
		       name);
	if (ioctl(fd, FBIOBLANK, FB_BLANK_POWERDOWN) ||
	    ioctl(fd, FBIOBLANK, FB_BLANK_UNBLANK))
		die("FBIOBLANK");
	printf("image %d %s %zu\n", checkpoints++, name, len);
	for (i = 0; i < len; i++)
		printf("%s%02x%s", i % 32 ? "" : "hex ", shadow[i],
		       i % 32 == 31 || i == len - 1 ? "\n" : "");
	printf("end\n");
	fflush(stdout);
}

static int open_fb(char *dev, size_t size)
{
	struct fb_fix_screeninfo fix;
	struct fb_var_screeninfo var;
	int i, tries;

	/* Built in, it has probed before init; a deferred probe may be late. */
	for (tries = 0; tries < 100; tries++) {
		for (i = 0; i < 8; i++) {
			snprintf(dev, size, "/dev/fb%d", i);
			fd = open(dev, O_RDWR);
			if (fd < 0)
				continue;
			if (!ioctl(fd, FBIOGET_FSCREENINFO, &fix) &&
			    !strncmp(fix.id, FB_ID, sizeof(fix.id)) &&
			    !ioctl(fd, FBIOGET_VSCREENINFO, &var)) {
				width = var.xres;
				height = var.yres;
				line_length = fix.line_length;
				len = fix.smem_len;
				return 0;
			}
			close(fd);
		}
		msleep(100);
	}
	return -1;
}

int main(int argc, char **argv)
{
	double race = argc > 1 ? atof(argv[1]) : 3.0;
	unsigned int x, y, i, writes = 0, rounds = 0;
	char dev[32];
	double end;
	size_t off;

	rng = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed1307;
	if (open_fb(dev, sizeof(dev))) {
		printf("# ssd1307fb-guest: no framebuffer \"%s\"\n", FB_ID);
		return 1;
	}
	printf("fb %s \"%s\" %u %u %u %zu\n", dev, FB_ID, width, height,
	       line_length, len);
	printf("# seed 0x%llx, race %.1f s, %zu pages\n",
	       (unsigned long long)rng, race, (len + PAGE - 1) / PAGE);
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap");
	shadow = calloc(1, len);
	if (!shadow)
		die("calloc");
	/* What the probe sent: the zeroed video memory. */
	memcpy(shadow, map, len);
	checkpoint("initial");

	/* The whole screen: a checkerboard of 8x8 squares, a frame. */
	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++)
			set_pixel(x, y, ((x / 8) ^ (y / 8)) & 1 ||
				  !x || !y || x == width - 1 || y == height - 1);
	checkpoint("checker");

	/* Every byte a value of its own: catches shifted or reordered data. */
	for (off = 0; off < len; off++)
		put(off, off * 7 + (off >> 8) * 13 + 1);
	checkpoint("bytes");

	/* One byte in the last page alone, then one in the first alone. */
	put(len - 1, shadow[len - 1] ^ 0xa5);
	checkpoint("last-page-byte");
	put(0, shadow[0] ^ 0x5a);
	checkpoint("first-page-byte");

	/* One byte in every page, each with its own flush. */
	for (off = 0; off < len; off += PAGE) {
		put(off + PAGE / 2 < len ? off + PAGE / 2 : len - 1, 0xc3);
		if (fsync(fd))
			die("fsync");
	}
	checkpoint("every-page");

	/*
	 * Writes that race the deferred I/O, against its 1 s delay and a
	 * worker whose transfer (bit-banged I2C) takes from a second to many:
	 * bursts at random places, streams of a write every few ms for up
	 * to half a second (some land while the worker write-protects and
	 * while it sends), and a write right after an fsync(), when the
	 * pages have just been write-protected; pauses from 0 to 400 ms.
	 */
	end = now() + race;
	while (now() < end) {
		unsigned int n = 1 + rnd() % 32;
		double stop;

		switch (rnd() % 8) {
		case 0 ... 3:
			for (i = 0; i < n; i++, writes++)
				put(rnd() % len, rnd());
			break;
		case 4 ... 6:
			stop = now() + (rnd() % 500) / 1000.0;
			while (now() < stop) {
				put(rnd() % len, rnd());
				writes++;
				msleep(1 + rnd() % 5);
			}
			break;
		default:
			if (fsync(fd))
				die("fsync");
			put(rnd() % len, rnd());
			writes++;
			break;
		}
		rounds++;
		msleep(rnd() % 400);
	}
	printf("# race: %u writes in %u rounds\n", writes, rounds);
	checkpoint("race");

	/* write() instead of the mapping: the driver's damage path. */
	for (off = 0; off < len; off++)
		shadow[off] = ~(uint8_t)(off ^ (off >> 4));
	if (pwrite(fd, shadow, len, 0) != (ssize_t)len)
		die("pwrite");
	checkpoint("pwrite");

	/* The mapping again, after the write() path: the last image. */
	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++)
			set_pixel(x, y, (x + y) % 5 == 0);
	checkpoint("diagonals");

	munmap(map, len);
	close(fd);
	printf("done %d\n", checkpoints);
	return 0;
}
