/* test_inputs: what the importer and the config reader do with inputs that
 * are not regular files -- a FIFO without a writer, an endless device, a
 * directory, standard input ('-') -- and with a segment header cut before
 * its time range. An alarm turns a hang into a failure: the first two
 * blocked forever, or grew memory until the abort, before they were
 * refused. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/config.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "check.h"

/* Seconds any one step may take before the test is called hung. */
#define INPUTS_HANG_SECONDS 60

static const char PAGE[] = "Title\n\nSpeaker 100:00 - 00:05\nHi.\n"
			   "Speaker 100:00 - 00:05\n嗨。\n";

/* import_file on path: the return code and the message. */
static int import_msg(const char *path, char *msg, size_t size)
{
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	alarm(INPUTS_HANG_SECONDS);
	int rc = import_file(path, NULL, &ep, &err);
	alarm(0);
	snprintf(msg, size, "%s", err.msg);
	if (rc == 0)
		episode_free(ep);
	return rc;
}

static void test_truncated_header(void)
{
	static const char *const pages[] = {
		/* the last segment's header cut after the speaker */
		("T\nSpeaker 100:00 - 00:05\nHi.\nSpeaker 100:00 - 00:05\n"
		 "嗨。\nSpeaker 1\n"),
		/* the first one */
		"T\n\nSpeaker 1\nHi.\n",
		/* with blanks after it */
		"T\nSpeaker 12  \nHi.\n",
	};
	static const int lines[] = { 6, 3, 2 };
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		struct episode *ep = NULL;
		struct import_error err = { -1, "" };
		CHECK_INT(import_page(pages[i], strlen(pages[i]), &ep, &err),
			  -1);
		CHECK_INT(err.line, lines[i]);
		CHECK_STR(err.msg, "no time range after the speaker: expected "
			  "'Speaker N MM:SS - MM:SS'");
		if (ep)
			episode_free(ep);
	}
	/* "Speaker 3 was right" stays a sentence */
	static const char text[] = "T\nSpeaker 100:00 - 00:05\nSpeaker 3 "
				   "was right.\nSpeaker 100:00 - 00:05\n对。\n";
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	CHECK_INT(import_page(text, strlen(text), &ep, &err), 0);
	if (ep) {
		CHECK_STR(ep->segments[0].en, "Speaker 3 was right.");
		episode_free(ep);
	}
}

static void test_import_nonregular(const char *dir)
{
	char msg[512];
	char *fifo = xasprintf("%s/page.fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);

	/* a FIFO with no writer: refused at once, not blocked in open() */
	struct import_error err;
	alarm(INPUTS_HANG_SECONDS);
	CHECK_INT(import_check_path(fifo, &err), -1);
	alarm(0);
	CHECK_STR(err.msg, "cannot read: not a regular file but a FIFO (to "
		  "import from a pipe, use 'buildspeak import -')");
	CHECK_INT(import_msg(fifo, msg, sizeof msg), -1);
	CHECK_STR(msg, err.msg);

	/* an endless device: refused, not read until memory runs out */
	CHECK_INT(import_msg("/dev/zero", msg, sizeof msg), -1);
	CHECK_STR(msg, "cannot read: not a regular file but a character "
		  "device (to import from a pipe, use 'buildspeak import -')");
	CHECK_INT(import_check_path("/dev/zero", &err), -1);

	/* a directory says so */
	CHECK_INT(import_check_path(dir, &err), -1);
	CHECK_STR(err.msg, "cannot read: Is a directory");
	CHECK_INT(import_msg(dir, msg, sizeof msg), -1);
	CHECK_STR(msg, "cannot read: Is a directory");

	/* a symbolic link to a regular file is that file */
	char *page = xasprintf("%s/page.txt", dir);
	char *link = xasprintf("%s/link.txt", dir);
	FILE *f = fopen(page, "w");
	CHECK(f && fputs(PAGE, f) >= 0 && fclose(f) == 0);
	CHECK(symlink(page, link) == 0);
	CHECK_INT(import_check_path(link, &err), 0);
	CHECK_INT(import_msg(link, msg, sizeof msg), 0);

	unlink(link);
	unlink(page);
	unlink(fifo);
	free(link);
	free(page);
	free(fifo);
}

/* Runs import_file("-") with standard input fed by a child that writes
 * len bytes of data (repeated as needed), then closes. */
static int import_stdin(const char *data, size_t len, size_t total,
			struct episode **ep, struct import_error *err)
{
	int pfd[2];
	CHECK(pipe(pfd) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		for (size_t done = 0; done < total;) {
			size_t n = total - done < len ? total - done : len;
			ssize_t w = write(pfd[1], data, n);
			if (w <= 0)
				_exit(0); /* the reader stopped: fine */
			done += (size_t)w;
		}
		_exit(0);
	}
	close(pfd[1]);
	int saved = dup(STDIN_FILENO);
	dup2(pfd[0], STDIN_FILENO);
	close(pfd[0]);
	alarm(INPUTS_HANG_SECONDS);
	int rc = import_file(IMPORT_STDIN, NULL, ep, err);
	alarm(0);
	dup2(saved, STDIN_FILENO);
	close(saved);
	int status;
	waitpid(pid, &status, 0);
	return rc;
}

static void test_import_stdin(void)
{
	struct episode *ep = NULL;
	struct import_error err = { -1, "" };
	CHECK_INT(import_stdin(PAGE, strlen(PAGE), strlen(PAGE), &ep, &err), 0);
	if (ep) {
		CHECK_STR(ep->title, "Title");
		CHECK_INT(ep->n_segments, 1);
		episode_free(ep);
		ep = NULL;
	}
	/* no title: named for where it came from */
	const char *untitled = strchr(PAGE, 'S');
	CHECK_INT(import_stdin(untitled, strlen(untitled), strlen(untitled),
			       &ep, &err), 0);
	if (ep) {
		CHECK_STR(ep->title, "(standard input)");
		episode_free(ep);
		ep = NULL;
	}
	/* the same cap as a file's */
	static char block[65536];
	memset(block, 'a', sizeof block);
	CHECK_INT(import_stdin(block, sizeof block,
			       (size_t)IMPORT_MAX_FILE + sizeof block, &ep,
			       &err), -1);
	CHECK_STR(err.msg, "file is larger than 256 MiB");
	CHECK(ep == NULL);
}

/* config_read_file on path: the errors it added, the last one in *msg. */
static int config_msg(const char *path, char *msg, size_t size)
{
	struct config c;
	config_init(&c);
	alarm(INPUTS_HANG_SECONDS);
	int n = config_read_file(&c, path, true);
	alarm(0);
	snprintf(msg, size, "%s", c.n_errors ? c.errors[c.n_errors - 1] : "");
	config_free(&c);
	return n;
}

static void test_config(const char *dir)
{
	char msg[512], want[1024];
	char *fifo = xasprintf("%s/config.fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	CHECK_INT(config_msg(fifo, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "%s: not a regular file but a FIFO; not "
		 "read", fifo);
	CHECK_STR(msg, want);

	CHECK_INT(config_msg("/dev/zero", msg, sizeof msg), 1);
	CHECK_STR(msg, "/dev/zero: not a regular file but a character device; "
		  "not read");

	CHECK_INT(config_msg(dir, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "%s: is a directory, not a config file",
		 dir);
	CHECK_STR(msg, want);

	/* past the cap: refused whole; at the cap: read */
	char *big = xasprintf("%s/config.big", dir);
	FILE *f = fopen(big, "w");
	CHECK(f != NULL);
	for (int i = 0; f && i < CONFIG_MAX_FILE / 16; i++)
		fputs("set mouse no   \n", f);
	CHECK(f && fclose(f) == 0);
	CHECK_INT(config_msg(big, msg, sizeof msg), 0);
	f = fopen(big, "a");
	CHECK(f && fputc('\n', f) == '\n' && fclose(f) == 0);
	CHECK_INT(config_msg(big, msg, sizeof msg), 1);
	snprintf(want, sizeof want, "%s: larger than 1 MiB; not a config file",
		 big);
	CHECK_STR(msg, want);

	/* a missing file is fine unless it must exist */
	char *missing = xasprintf("%s/none", dir);
	struct config c;
	config_init(&c);
	CHECK_INT(config_read_file(&c, missing, false), 0);
	CHECK_INT(config_read_file(&c, missing, true), 1);
	config_free(&c);

	unlink(big);
	unlink(fifo);
	free(missing);
	free(big);
	free(fifo);
}

int main(void)
{
	char dir[] = "/tmp/buildspeak-test-inputs-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_truncated_header();
	test_import_nonregular(dir);
	test_import_stdin();
	test_config(dir);
	rmdir(dir);
	return check_result();
}
