/* test-store.c — durable writes under injected faults, IDs, links, walking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "atomic.h"
#include "store.h"
#include "strbuf.h"

static char dir[64];
static struct store st;
static struct ctime at = { 1795310100, 8 * 3600 };

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cstk-unit-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	strcat(dir, "/s");
	if (store_init(dir, NULL) != NULL)
		return -1;
	st = (struct store)STORE_INIT;
	if (store_open(&st, dir) != NULL || store_lock(&st) != NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	store_close(&st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strlen(dir) - 2), dir);
	return system(cmd);
}

static char *
slurp(const char *rel)
{
	char path[256];
	FILE *fp;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(&sb, buf, n);
	fclose(fp);
	return sb_detach(&sb);
}

/* What a directory of the store holds (not counting dot files). */
static int
entries(const char *rel)
{
	char path[256];
	DIR *d;
	struct dirent *de;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	d = opendir(path);
	while (d && (de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void
new_ticket(struct ticket *t, char id[40])
{
	assert_null(store_new_id(&st, &at, id));
	ticket_init(t, id, &at);
	ticket_set(t, F_CHANNEL, "phone");
	ticket_set(t, F_SUBJECT, "第一版");
	assert_null(store_save(&st, t));
}

static void
ids_count_up_and_skip_taken_ones(void **state)
{
	struct ticket t;
	char id[40], id2[40];

	(void)state;
	new_ticket(&t, id);
	assert_string_equal(id, "CS-20261122-0001");
	ticket_release(&t);
	unlink(strcat(strcpy((char[256]){ 0 }, dir), "/.seq"));	/* lose the hint */
	new_ticket(&t, id2);
	assert_string_equal(id2, "CS-20261122-0002");
	ticket_release(&t);
}

static void
each_fault_leaves_the_old_file_whole(void **state)
{
	static const enum atomic_op ops[] = { ATOMIC_WRITE, ATOMIC_FSYNC, ATOMIC_RENAME };
	static const char *names[] = { "write", "sync", "replace" };
	struct ticket t, back;
	char id[40], rel[64];
	char *before;

	(void)state;
	new_ticket(&t, id);
	snprintf(rel, sizeof(rel), "tickets/%s.yaml", id);
	before = slurp(rel);
	assert_non_null(before);
	for (size_t i = 0; i < 3; i++) {
		const struct error *err;
		char *after;

		ticket_set(&t, F_SUBJECT, "第二版");
		atomic_fail(ops[i], 1);
		err = store_save(&st, &t);
		atomic_fail(ops[i], 0);
		assert_non_null(err);
		assert_int_equal(err->code, ERR_IO);
		if (strstr(err->msg, names[i]) == NULL || strstr(err->msg, id) == NULL)
			fail_msg("'%s' should name the %s step and the file", err->msg, names[i]);
		after = slurp(rel);
		assert_string_equal(after, before);
		free(after);
		assert_int_equal(entries(".tmp"), 0);
	}
	/* the k-th call: the second fsync is the directory's */
	atomic_fail(ATOMIC_FSYNC, 2);
	assert_non_null(store_save(&st, &t));
	atomic_fail(ATOMIC_FSYNC, 0);
	assert_null(store_save(&st, &t));
	assert_null(store_load(&st, id, &back));
	assert_string_equal(ticket_str(&back, F_SUBJECT), "第二版");
	ticket_release(&back);
	ticket_release(&t);
	free(before);
}

static void
archive_moves_the_file(void **state)
{
	struct ticket t, back;
	char id[40], path[256];
	struct stat sb;

	(void)state;
	new_ticket(&t, id);
	ticket_set(&t, F_STATUS, "archived");
	assert_null(store_save(&st, &t));
	snprintf(path, sizeof(path), "%s/archive/2026-11/%s.yaml", dir, id);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	snprintf(path, sizeof(path), "%s/tickets/%s.yaml", dir, id);
	assert_int_equal(stat(path, &sb), -1);
	assert_null(store_load(&st, id, &back));
	assert_string_equal(ticket_str(&back, F_STATUS), "archived");
	ticket_release(&back);
	ticket_release(&t);
}

static void
links_and_bad_ids_are_refused(void **state)
{
	struct ticket t;
	const struct error *err;
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/tickets/CS-20261122-0099.yaml", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	err = store_load(&st, "CS-20261122-0099", &t);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_DATA);
	assert_non_null(strstr(err->msg, "symbolic link"));
	unlink(path);
	err = store_load(&st, "../cstk", &t);
	assert_int_equal(err->code, ERR_USAGE);
	err = store_load(&st, "CS-20261122-0098", &t);
	assert_int_equal(err->code, ERR_NOTFOUND);
}

static void
leftover_temp_files_are_cleaned_by_the_next_writer(void **state)
{
	char path[256];
	struct store other = STORE_INIT;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/.tmp/tmp-99999-0", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	store_close(&st);	/* let go of the lock */
	st = (struct store)STORE_INIT;
	assert_null(store_open(&other, dir));
	assert_null(store_lock(&other));
	assert_int_equal(entries(".tmp"), 0);
	store_close(&other);
	assert_null(store_open(&st, dir));
	assert_null(store_lock(&st));
}

/* A batch reads every ticket back, on a second core or on this one: the
 * first that would not load (in the order added) is the one named, and
 * nothing is committed. */
static void
batch_refuses_the_first_ticket_that_would_not_read_back(const char *threads)
{
	struct store_batch b;
	const struct error *err = NULL;
	char id[40];
	const char *bad1 = "CS-20261122-1150", *bad2 = "CS-20261122-1151";
	int n;

	setenv("CSTK_THREADS", threads, 1);
	assert_null(store_batch_begin(&st, &b));
	if (strcmp(threads, "1") == 0)
		assert_null(b.check);
	else
		assert_non_null(b.check);
	for (n = 0; n < 400 && err == NULL; n++) {
		struct ticket t;

		snprintf(id, sizeof(id), "CS-20261122-%04d", 1000 + n);
		ticket_init(&t, id, &at);
		ticket_set(&t, F_CHANNEL, "phone");
		ticket_set(&t, F_SUBJECT, "批量");
		if (n == 150 || n == 151)	/* emitted fine, refused read back */
			ticket_set(&t, F_STATUS, "bogus");
		err = store_batch_add(&b, &t);
		ticket_release(&t);
	}
	if (err == NULL)
		err = store_batch_commit(&b);
	assert_non_null(err);
	assert_false(b.committed);
	assert_non_null(strstr(err->msg, "could not read back"));
	assert_non_null(strstr(err->msg, bad1));
	assert_null(strstr(err->msg, bad2));
	store_batch_abort(&b);
	assert_null(b.check);
	assert_int_equal(entries("tickets"), 0);
	assert_int_equal(entries(".tmp"), 0);
	/* The next batch, all good, lands whole. */
	assert_null(store_batch_begin(&st, &b));
	for (n = 0; n < 100; n++) {
		struct ticket t;

		assert_null(store_new_id(&st, &at, id));
		ticket_init(&t, id, &at);
		ticket_set(&t, F_CHANNEL, "phone");
		ticket_set(&t, F_SUBJECT, "批量");
		assert_null(store_batch_add(&b, &t));
		ticket_release(&t);
	}
	assert_null(store_batch_commit(&b));
	store_batch_abort(&b);
	assert_int_equal(entries("tickets"), 100);
	unsetenv("CSTK_THREADS");
}

static void
batch_read_back_on_one_core(void **state)
{
	(void)state;
	batch_refuses_the_first_ticket_that_would_not_read_back("1");
}

static void
batch_read_back_on_a_second_core(void **state)
{
	(void)state;
	batch_refuses_the_first_ticket_that_would_not_read_back("2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ids_count_up_and_skip_taken_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(each_fault_leaves_the_old_file_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(archive_moves_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(links_and_bad_ids_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(leftover_temp_files_are_cleaned_by_the_next_writer,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(batch_read_back_on_one_core, setup, teardown),
		cmocka_unit_test_setup_teardown(batch_read_back_on_a_second_core, setup, teardown),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
