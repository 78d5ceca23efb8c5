// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of the ssd1307fb bus check (scripts/ssd1307fb.sh): decode
 * QEMU's trace of the I2C bus (-trace i2c_send -trace i2c_event) into the
 * RAM of a small SSD1306 model, take the RAM at each "display off" command
 * (0xae: the guest's checkpoints, ssd1307fb-guest.c), and compare each,
 * pixel for pixel, with the image the guest wrote last before it.
 *
 *   ssd1306-decode TRACE GUEST_OUT DIR [ADDR [COL_OFFSET [PAGE_OFFSET]]]
 *
 * ADDR is the panel's 7-bit address (0x3c); COL_OFFSET and PAGE_OFFSET
 * are the node's solomon,col-offset and solomon,page-offset (0 and 0).
 * Prints TAP on stdout; a mismatch keeps checkpoint-K.decoded.pbm and
 * checkpoint-K.expected.pbm in DIR (lit pixels black).  Exits 1 on any
 * "not ok".
 *
 * The model: every transfer starts with a control byte, Co (bit 7) and
 * D/C# (bit 6); with Co clear the rest of the transfer is commands (0x00)
 * or data (0x40), with Co set one byte follows, then another control
 * byte.  Commands take their argument bytes from the next command bytes,
 * in the same transfer or not.  Data goes to the RAM at the column and
 * page pointers, which advance as the addressing mode (0x20) says: page
 * (the reset default), horizontal or vertical, within the windows that
 * 0x21 (columns) and 0x22 (pages) set, each setting its pointer to the
 * window's start.  The RAM has 8-bit column and page addresses (the
 * SSD1306 has 128 columns and 8 pages) so that geometries larger than the
 * chip's decode too.  A data byte holds 8 rows of one column of a page,
 * its bit 0 the top row; the framebuffer has 1 bit a pixel, LSB first,
 * line_length bytes a row.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIM		256
#define MAX_IMAGES	64

struct ssd1306 {
	uint8_t ram[DIM][DIM];		/* [page][column] */
	unsigned int mode;		/* 0 horizontal, 1 vertical, 2 page */
	unsigned int col, page;
	unsigned int col_start, col_end, page_start, page_end;
	uint8_t cmd, args[8];
	unsigned int nargs, want;
	int in_cmd;
};

struct image {
	char name[64];
	uint8_t *fb;			/* line_length * height bytes */
	unsigned int transfers;		/* data transfers since the last one */
	unsigned long bytes;		/* data bytes since the last one */
	unsigned long min, max;		/* bytes of one data transfer */
	double secs;			/* the longest data transfer */
};

/* The reset state: page addressing, the whole 128x64 chip. */
static struct ssd1306 chip = {
	.mode = 2, .col_end = 127, .page_end = 7,
};

static unsigned int width, height, line_length, col_offset, page_offset;
static struct image bus[MAX_IMAGES], guest[MAX_IMAGES];
static int nbus, nguest, bus_overflow;
static unsigned int transfers, all_transfers;
static unsigned long bytes, min_bytes = -1UL, max_bytes, all_bytes;
/* The time of the trace line (QEMU's -msg timestamp=on), 0 without. */
static double now, max_secs, all_max_secs;

static int cmd_args(uint8_t c)
{
	switch (c) {
	case 0x20:	/* addressing mode */
	case 0x81:	/* contrast */
	case 0x8d:	/* charge pump */
	case 0xa8:	/* multiplex ratio */
	case 0xad:	/* master configuration (SSD1305) */
	case 0xd3:	/* display offset */
	case 0xd5:	/* clock */
	case 0xd8:	/* area colour (SSD1305) */
	case 0xd9:	/* precharge */
	case 0xda:	/* COM pins */
	case 0xdb:	/* VCOMH */
		return 1;
	case 0x21:	/* column window */
	case 0x22:	/* page window */
	case 0xa3:	/* vertical scroll area */
		return 2;
	case 0x91:	/* lookup table (SSD1305/7) */
		return 4;
	case 0x29:	/* vertical and horizontal scroll */
	case 0x2a:
		return 5;
	case 0x26:	/* horizontal scroll */
	case 0x27:
	case 0x2c:	/* content scroll (SSD1309) */
	case 0x2d:
		return 6;
	default:
		return 0;
	}
}

/* The RAM as the panel shows it: the framebuffer's layout. */
static uint8_t *snapshot(void)
{
	uint8_t *fb = calloc(line_length, height);
	unsigned int x, y;

	if (!fb)
		exit(2);
	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++) {
			unsigned int p = (page_offset + y / 8) % DIM;
			unsigned int c = (col_offset + x) % DIM;

			if (chip.ram[p][c] >> (y % 8) & 1)
				fb[y * line_length + x / 8] |= 1 << (x % 8);
		}
	return fb;
}

static void checkpoint(void)
{
	struct image *im;

	if (nbus == MAX_IMAGES) {
		bus_overflow = 1;
		return;
	}
	im = &bus[nbus];
	snprintf(im->name, sizeof(im->name), "bus-%d", nbus);
	im->fb = snapshot();
	im->transfers = transfers;
	im->bytes = bytes;
	im->min = transfers ? min_bytes : 0;
	im->max = max_bytes;
	im->secs = max_secs;
	nbus++;
	transfers = 0;
	bytes = 0;
	min_bytes = -1UL;
	max_bytes = 0;
	max_secs = 0;
}

static void command(uint8_t c)
{
	if (!chip.in_cmd) {
		chip.cmd = c;
		chip.nargs = 0;
		chip.want = cmd_args(c);
		chip.in_cmd = 1;
	} else {
		chip.args[chip.nargs++] = c;
	}
	if (chip.nargs < chip.want)
		return;
	chip.in_cmd = 0;
	c = chip.cmd;
	if (c == 0x20) {
		chip.mode = chip.args[0] & 3;
	} else if (c == 0x21) {
		chip.col_start = chip.args[0];
		chip.col_end = chip.args[1];
		chip.col = chip.col_start;
	} else if (c == 0x22) {
		chip.page_start = chip.args[0];
		chip.page_end = chip.args[1];
		chip.page = chip.page_start;
	} else if (c <= 0x0f) {
		chip.col = (chip.col & 0xf0) | c;
	} else if (c >= 0x10 && c <= 0x1f) {
		chip.col = (chip.col & 0x0f) | (c & 0x0f) << 4;
	} else if (c >= 0xb0 && c <= 0xb7) {
		chip.page = c & 7;
	} else if (c == 0xae) {
		checkpoint();
	}
}

static void data(uint8_t d)
{
	chip.ram[chip.page % DIM][chip.col % DIM] = d;
	switch (chip.mode) {
	case 0:
		if (chip.col++ >= chip.col_end) {
			chip.col = chip.col_start;
			if (chip.page++ >= chip.page_end)
				chip.page = chip.page_start;
		}
		break;
	case 1:
		if (chip.page++ >= chip.page_end) {
			chip.page = chip.page_start;
			if (chip.col++ >= chip.col_end)
				chip.col = chip.col_start;
		}
		break;
	default:
		if (chip.col++ >= chip.col_end)
			chip.col = chip.col_start;
		break;
	}
}

/* One transfer to the panel: its state across the bytes. */
static struct {
	int active, control, is_data, single;
	unsigned long data_bytes;
	double start;
} xfer;

static void xfer_end(void)
{
	if (xfer.active && xfer.data_bytes) {
		transfers++;
		all_transfers++;
		bytes += xfer.data_bytes;
		all_bytes += xfer.data_bytes;
		if (xfer.data_bytes < min_bytes)
			min_bytes = xfer.data_bytes;
		if (xfer.data_bytes > max_bytes)
			max_bytes = xfer.data_bytes;
		if (now - xfer.start > max_secs)
			max_secs = now - xfer.start;
		if (max_secs > all_max_secs)
			all_max_secs = max_secs;
	}
	memset(&xfer, 0, sizeof(xfer));
}

static void xfer_start(void)
{
	xfer_end();
	xfer.active = 1;
	xfer.control = 1;
	xfer.start = now;
}

static void xfer_byte(uint8_t b)
{
	if (!xfer.active)
		return;
	if (xfer.control) {
		xfer.single = b >> 7 & 1;
		xfer.is_data = b >> 6 & 1;
		xfer.control = 0;
		return;
	}
	if (xfer.is_data) {
		data(b);
		xfer.data_bytes++;
	} else {
		command(b);
	}
	if (xfer.single)
		xfer.control = 1;
}

static int read_trace(const char *path, unsigned int addr)
{
	char line[512], ev[32];
	unsigned int a, d;
	FILE *f = fopen(path, "r");
	char *p, *q;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		p = strchr(line, '@');
		q = strstr(line, ":i2c_");
		if (p && q && p < q)
			now = strtod(p + 1, NULL);
		p = strstr(line, "i2c_send ");
		if (p && sscanf(p, "i2c_send send(addr:%x) data:%x", &a, &d) == 2) {
			if (a == addr)
				xfer_byte(d);
			continue;
		}
		p = strstr(line, "i2c_event ");
		if (p && sscanf(p, "i2c_event %31[a-z_](addr:%x)", ev, &a) == 2) {
			if (a != addr)
				continue;
			if (!strncmp(ev, "start", 5))
				xfer_start();
			else
				xfer_end();
		}
	}
	xfer_end();
	fclose(f);
	return 0;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static int read_guest(const char *path, size_t *len, int *done)
{
	char line[512], name[64], dev[32];
	FILE *f = fopen(path, "r");
	struct image *im = NULL;
	size_t fill = 0, smem;
	int k, n;
	char *p;

	if (!f) {
		perror(path);
		return -1;
	}
	*done = -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "fb %31s \"%*[^\"]\" %u %u %u %zu", dev, &width,
			   &height, &line_length, len) == 5)
			continue;
		if (sscanf(line, "image %d %63s %zu", &k, name, &smem) == 3) {
			if (nguest == MAX_IMAGES || k != nguest || smem != *len)
				break;
			im = &guest[nguest++];
			snprintf(im->name, sizeof(im->name), "%s", name);
			im->fb = calloc(1, smem);
			if (!im->fb)
				exit(2);
			fill = 0;
			continue;
		}
		if (im && !strncmp(line, "hex ", 4)) {
			for (p = line + 4; isxdigit(p[0]) && isxdigit(p[1]) &&
			     fill < *len; p += 2)
				im->fb[fill++] = hexval(p[0]) << 4 | hexval(p[1]);
			continue;
		}
		if (im && !strncmp(line, "end", 3)) {
			if (fill != *len)
				nguest--;	/* cut short: not an image */
			im = NULL;
			continue;
		}
		if (sscanf(line, "done %d", &n) == 1)
			*done = n;
	}
	fclose(f);
	return 0;
}

static void write_pbm(const char *dir, int k, const char *what,
		      const uint8_t *fb)
{
	unsigned int x, y, row = (width + 7) / 8;
	char path[4096];
	uint8_t *out = calloc(row, height);
	FILE *f;

	snprintf(path, sizeof(path), "%s/checkpoint-%d.%s.pbm", dir, k, what);
	f = fopen(path, "w");
	if (!f || !out) {
		perror(path);
		free(out);
		return;
	}
	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++)
			if (fb[y * line_length + x / 8] >> (x % 8) & 1)
				out[y * row + x / 8] |= 0x80 >> (x % 8);
	fprintf(f, "P4\n%u %u\n", width, height);
	fwrite(out, row, height, f);
	fclose(f);
	free(out);
}

static unsigned long compare(const uint8_t *a, const uint8_t *b,
			     unsigned int *fx, unsigned int *fy)
{
	unsigned long bad = 0;
	unsigned int x, y;

	for (y = 0; y < height; y++)
		for (x = 0; x < width; x++) {
			size_t i = (size_t)y * line_length + x / 8;

			if ((a[i] ^ b[i]) >> (x % 8) & 1) {
				if (!bad++) {
					*fx = x;
					*fy = y;
				}
			}
		}
	return bad;
}

int main(int argc, char **argv)
{
	unsigned int addr = 0x3c, fx = 0, fy = 0;
	int k, n = 0, failed = 0, done;
	unsigned long bad;
	size_t len = 0;

	if (argc < 4 || argc > 7) {
		fprintf(stderr, "usage: %s TRACE GUEST_OUT DIR [ADDR [COL_OFFSET [PAGE_OFFSET]]]\n",
			argv[0]);
		return 2;
	}
	if (argc > 4)
		addr = strtoul(argv[4], NULL, 0);
	if (argc > 5)
		col_offset = strtoul(argv[5], NULL, 0);
	if (argc > 6)
		page_offset = strtoul(argv[6], NULL, 0);
	if (read_guest(argv[2], &len, &done))
		return 2;
	if (!width || !height || !line_length ||
	    len < (size_t)line_length * height) {
		printf("TAP version 13\n1..1\nnot ok 1 - ssd1307fb: the guest found no framebuffer (%s)\n",
		       argv[2]);
		return 1;
	}
	if (read_trace(argv[1], addr))
		return 2;

	printf("TAP version 13\n1..%d\n", nguest + 1);
	printf("# %ux%u, line_length %u, %zu bytes; the bus: %u data transfers to 0x%02x, %lu data bytes, the longest in %.2f s\n",
	       width, height, line_length, len, all_transfers, addr, all_bytes,
	       all_max_secs);
	for (k = 0; k < nguest; k++) {
		struct image *e = &guest[k];

		if (k >= nbus) {
			printf("not ok %d - checkpoint %d %s: not on the bus\n",
			       ++n, k, e->name);
			failed = 1;
			continue;
		}
		bad = compare(bus[k].fb, e->fb, &fx, &fy);
		printf("%s %d - checkpoint %d %s: %lu of %u pixels differ; %u data transfers, %lu bytes (%lu..%lu a transfer)\n",
		       bad ? "not ok" : "ok", ++n, k, e->name, bad,
		       width * height, bus[k].transfers, bus[k].bytes,
		       bus[k].min, bus[k].max);
		if (!bad)
			continue;
		failed = 1;
		printf("#   first at x %u y %u (byte %u of the framebuffer)\n",
		       fx, fy, fy * line_length + fx / 8);
		write_pbm(argv[3], k, "decoded", bus[k].fb);
		write_pbm(argv[3], k, "expected", e->fb);
	}
	/* The guest's own end, and no display off that is not a checkpoint. */
	if (done != nguest || nbus != nguest || bus_overflow) {
		printf("not ok %d - checkpoints: the guest wrote %d images and said done %d, the bus has %d\n",
		       ++n, nguest, done, nbus);
		failed = 1;
	} else {
		printf("ok %d - checkpoints: %d on the bus, %d from the guest\n",
		       ++n, nbus, nguest);
	}
	return failed;
}
