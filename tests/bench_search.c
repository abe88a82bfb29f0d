/* bench_search: per-query time of store_search against a brute-force scan
 * of the same rows, in one process on one library (built by
 * tests/bench_search.py). Prints figures; asserts nothing.
 *
 *     bench_search LIBRARY [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "buildspeak/store.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* The scan: every row's text read and matched, as a search without an
 * index would (LIKE is case-insensitive for ASCII; instr for Chinese). */
static long scan(sqlite3 *db, const char *sql, const char *pattern)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
	long n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0)
						  : -1;
	sqlite3_finalize(stmt);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_search LIBRARY [RUNS]\n");
		return 2;
	}
	int runs = argc > 2 ? atoi(argv[2]) : 21;
	if (runs < 1 || runs > 1000)
		runs = 21;
	char err[512];
	struct store *st = store_open(argv[1], STORE_OPEN_READONLY, NULL, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "bench_search: %s\n", err);
		return 1;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "bench_search: cannot open %s\n", argv[1]);
		return 1;
	}
	static const struct {
		const char *what, *query, *scan_sql, *pattern;
	} q[] = {
		{ "English word", "incredible",
		  "SELECT count(*) FROM segments WHERE en LIKE ?1",
		  "%incredible%" },
		{ "English word, common", "models",
		  "SELECT count(*) FROM segments WHERE en LIKE ?1", "%model%" },
		{ "English phrase", "\"world models\"",
		  "SELECT count(*) FROM segments WHERE en LIKE ?1",
		  "%world model%" },
		{ "Chinese, 1 character", "\xe6\x8e\xa8", /* 推 */
		  "SELECT count(*) FROM segments WHERE instr(zh, ?1) > 0",
		  "\xe6\x8e\xa8" },
		{ "Chinese, 2 characters", "\xe6\xa8\xa1\xe5\x9e\x8b", /* 模型 */
		  "SELECT count(*) FROM segments WHERE instr(zh, ?1) > 0",
		  "\xe6\xa8\xa1\xe5\x9e\x8b" },
		{ "Chinese, 4 characters",
		  "\xe4\xb8\x96\xe7\x95\x8c\xe6\xa8\xa1\xe5\x9e\x8b", /* 世界模型 */
		  "SELECT count(*) FROM segments WHERE instr(zh, ?1) > 0",
		  "\xe4\xb8\x96\xe7\x95\x8c\xe6\xa8\xa1\xe5\x9e\x8b" },
		{ "mixed", "reasoning \xe6\x8e\xa8\xe7\x90\x86", /* 推理 */
		  "SELECT count(*) FROM segments WHERE en LIKE '%reasoning%' "
		  "AND instr(zh, ?1) > 0", "\xe6\x8e\xa8\xe7\x90\x86" },
	};
	printf("%-24s %7s %9s %9s %9s %9s %8s\n", "query", "matches",
	       "top 20", "1 episode", "all hits", "scan", "speed-up");
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		double *t = calloc((size_t)runs, sizeof *t);
		double *te = calloc((size_t)runs, sizeof *te);
		struct store_search_hit *v;
		size_t n = 0;
		for (int r = 0; r < runs; r++) {
			double t0 = now_ms();
			if (store_search(st, q[i].query, 0, STORE_SEARCH_ANY,
					 20, &v, &n) != 0) {
				fprintf(stderr, "bench_search: %s\n",
					store_error(st));
				return 1;
			}
			t[r] = now_ms() - t0;
			store_search_hits_free(v, n);
			/* One episode in the middle: the reader's default. */
			t0 = now_ms();
			store_search(st, q[i].query, 500, STORE_SEARCH_ANY, 0,
				     &v, &n);
			te[r] = now_ms() - t0;
			store_search_hits_free(v, n);
		}
		double t0 = now_ms();
		store_search(st, q[i].query, 0, STORE_SEARCH_ANY, 0, &v, &n);
		double all = now_ms() - t0;
		store_search_hits_free(v, n);
		double ts[3];
		long matches = 0;
		for (int r = 0; r < 3; r++) {
			t0 = now_ms();
			matches = scan(db, q[i].scan_sql, q[i].pattern);
			ts[r] = now_ms() - t0;
		}
		double top = median(t, runs), one = median(te, runs);
		double sc = median(ts, 3);
		printf("%-24s %7zu %7.2fms %7.2fms %7.1fms %7.1fms %7.0fx"
		       "   (scan counted %ld)\n", q[i].what, n, top, one, all, sc,
		       sc / top, matches);
		free(t);
		free(te);
	}
	sqlite3_close(db);
	store_close(st);
	return 0;
}
