/* store-move.c — moving a ticket from tickets/ to archive/ so that a crash leaves one ticket for readers; see store.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "store-fs.h"
#include "store.h"
#include "strbuf.h"
#include "ticket.h"

/* Is `name` "ID.yaml" with a well-formed ID? */
int
store_name_is_ticket(const char *name)
{
	size_t len = strlen(name);
	char id[64];

	if (len < 6 || len - 5 >= sizeof(id) || strcmp(name + len - 5, ".yaml") != 0)
		return 0;
	memcpy(id, name, len - 5);
	id[len - 5] = '\0';
	return ticket_id_valid(id);
}

/* Make .tmp/KIND-NAME durable. */
const struct error *
store_move_mark(struct store *s, const char *kind, const char *name)
{
	char mark[80];
	int fd;

	snprintf(mark, sizeof(mark), "%s-%s", kind, name);
	fd = openat(s->tmp_fd, mark, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd < 0)
		return error_sys("cannot mark the move of '%s' in '%s/.tmp'", name, s->dir);
	close(fd);
	if (atomic_fsync_dir(s->tmp_fd, ".tmp") != NULL)
		return error_sys("cannot sync '%s/.tmp' to mark the move of '%s'; nothing "
		    "was changed", s->dir, name);
	return NULL;
}

/* Is there an archived copy of ticket file `name` (ID.yaml)? */
int
store_archived_copy(struct store *s, const char *name)
{
	char path[160], month[8];
	struct stat st;

	store_id_month(name, month);
	snprintf(path, sizeof(path), "archive/%s/%s", month, name);
	return fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

int
store_returning(struct store *s, const char *name)
{
	char mark[88];
	struct stat st;

	/* Readers have no .tmp descriptor (it is opened with the lock). */
	snprintf(mark, sizeof(mark), ".tmp/back-%s", name);
	return fstatat(s->dfd, mark, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fstatat(s->tickets_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* A reopened ticket back in tickets/ (on disk): its archived copy goes. */
static const struct error *
finish_return(struct store *s, const char *name)
{
	const struct error *err;
	char month[8], *disp;
	int afd, mfd;

	if ((err = atomic_fsync_dir(s->tickets_fd, "tickets")) != NULL)
		return err;
	store_id_month(name, month);
	if ((afd = store_open_subdir(s->dfd, "archive")) < 0)
		return NULL;
	mfd = store_open_subdir(afd, month);
	close(afd);
	if (mfd < 0)
		return NULL;
	disp = xasprintf("%s/archive/%s/%s", s->dir, month, name);
	err = atomic_unlink(mfd, name, disp);
	if (err && err->code == ERR_NOTFOUND)
		err = NULL;
	free(disp);
	close(mfd);
	return err;
}

const struct error *
store_move_back(struct store *s, const char *name)
{
	const struct error *err = finish_return(s, name);
	char mark[80];

	snprintf(mark, sizeof(mark), "back-%s", name);
	if (err == NULL && atomic_io_unlink(s->tmp_fd, mark, 0) < 0)
		err = error_sys("cannot remove '%s/.tmp/%s'", s->dir, mark);
	return err;
}

/* After taking the lock: finish the moves a crash or a failure left. */
const struct error *
store_move_recover(struct store *s)
{
	const struct error *err = NULL;
	size_t n;
	char **names = store_names(s->tmp_fd, &n, NAMES_YAML);

	for (size_t i = 0; i < n && err == NULL; i++) {
		const char *name = names[i] + 5;
		char id[64];

		if (store_name_is_ticket(name)) {
			snprintf(id, sizeof(id), "%.*s", (int)(strlen(name) - 5), name);
			store_changed(s, id, NULL);
		}
		if (strncmp(names[i], "back-", 5) == 0 && store_name_is_ticket(name)) {
			/* Reopened: back in tickets/ wins; not yet written there:
			 * the archived copy stays, as if it never started. */
			struct stat st;
			if (fstatat(s->tickets_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
				err = store_move_back(s, name);
			else if (atomic_io_unlink(s->tmp_fd, names[i], 0) < 0)
				err = error_sys("cannot remove '%s/.tmp/%s'", s->dir, names[i]);
			continue;
		}
		if (strncmp(names[i], "move-", 5) != 0)
			continue;
		if (store_name_is_ticket(name) && store_archived_copy(s, name)) {
			/* Make sure the archived copy is on disk before the old goes. */
			char month[8], *disp = xasprintf("%s/tickets/%s", s->dir, name);
			int afd = store_open_subdir(s->dfd, "archive"), mfd;
			store_id_month(name, month);
			mfd = afd < 0 ? -1 : store_open_subdir(afd, month);
			if (mfd < 0)
				err = error_sys("cannot open '%s/archive/%s'", s->dir, month);
			else
				err = atomic_fsync_dir(mfd, month);
			if (err == NULL)
				err = atomic_unlink(s->tickets_fd, name, disp);
			if (mfd >= 0)
				close(mfd);
			if (afd >= 0)
				close(afd);
			free(disp);
		}
		if (err == NULL && atomic_io_unlink(s->tmp_fd, names[i], 0) < 0)
			err = error_sys("cannot remove '%s/.tmp/%s'", s->dir, names[i]);
	}
	store_names_free(names, n);
	return err;
}
