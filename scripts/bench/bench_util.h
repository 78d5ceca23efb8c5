/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the benchmark programs share: the fatal error, the clock, and the CSV
 * row of a figure (protocol,backing,figure,dirty_pages,mappings,median,min,
 * max,runs,unit).
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/*
 * CLOCK_MONOTONIC_RAW, which every architecture has, unless a program needs
 * another.
 */
#ifndef BENCH_CLOCK
#define BENCH_CLOCK	CLOCK_MONOTONIC_RAW
#endif

static void __noreturn __printf(1, 2) die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(BENCH_CLOCK, &ts))
		die("clock_gettime: %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One row: the median, min and max of the @n samples in @v (sorted here). */
static void emit(const char *protocol, const char *backing, const char *figure,
		 unsigned int pages, unsigned int maps, double *v,
		 unsigned int n, const char *unit)
{
	int prec = strcmp(unit, "ratio") ? 1 : 4;
	double med;

	qsort(v, n, sizeof(*v), cmp_double);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	printf("%s,%s,%s,%u,%u,%.*f,%.*f,%.*f,%u,%s\n", protocol, backing,
	       figure, pages, maps, prec, med, prec, v[0], prec, v[n - 1], n,
	       unit);
	if (fflush(stdout))
		die("stdout: %s", strerror(errno));
}

#endif /* BENCH_UTIL_H */
