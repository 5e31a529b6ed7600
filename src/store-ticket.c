/* store-ticket.c — loading and saving ticket files, and new IDs; see store.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "atomic.h"
#include "store-fs.h"
#include "store.h"
#include "strbuf.h"
#include "utf8.h"
#include "yaml-emit.h"
#include "yaml-load.h"

/*
 * A loaded file is a ticket with the ID of its name.  Characters a
 * terminal must not get are escaped here, once, so no output (tables,
 * show, CSV, the index) can carry them; `check` reports them.
 */
static const struct error *
check_loaded(struct ticket *t, const char *id, const char *file)
{
	const struct error *err = NULL;
	struct ynode *root = t->root;
	const char *got;

	ticket_validate(root, file, NULL, NULL, &err);
	if (err)
		return err;
	got = ynode_get_str(root, "id");
	if (id && got && strcmp(got, id) != 0) {
		const struct ynode *n = ynode_get(root, "id");
		return error_new(ERR_DATA, "%s:%u:%u: id '%s' does not match the file "
		    "name; it should be '%s'", file, n->line, n->col, got, id);
	}
	t->unsafe_line = t->unsafe_col = 0;
	t->unsafe = (unsigned)ynode_defang(root, &t->unsafe_line, &t->unsafe_col);
	return NULL;
}

const struct error *
store_load_buf(const char *buf, size_t buflen, const char *name, const char *disp,
    struct ticket *t)
{
	const struct error *err;
	size_t len = strlen(name);
	char id[64];

	t->root = NULL;
	snprintf(id, sizeof(id), "%.*s", (int)(len > 5 ? len - 5 : 0), name);
	if (!ticket_id_valid(id))
		return error_new(ERR_DATA, "%s: file name is not a ticket ID "
		    "(PREFIX-YYYYMMDD-NNNN.yaml); skipped", disp);
	err = yaml_load_buf(buf, buflen, disp, &t->root);
	if (err == NULL)
		err = check_loaded(t, id, disp);
	if (err) {
		ynode_free(t->root);
		t->root = NULL;
	}
	return err;
}

const struct error *
store_load_file(int dirfd, const char *name, const char *disp, struct ticket *t)
{
	const struct error *err;
	char *buf;
	size_t len;

	t->root = NULL;
	if ((err = yaml_read_file(dirfd, name, disp, &buf, &len)) != NULL)
		return err;
	err = store_load_buf(buf, len, name, disp, t);
	free(buf);
	return err;
}

void
store_report_bad(const struct diag *d, int dirfd, const char *name, const char *disp,
    const struct error *err)
{
	struct ynode *root = NULL;

	if (d == NULL) {
		utf8_print_message("warning: ", err->msg);
		return;
	}
	/* Every problem of a file that parses but is not a valid ticket. */
	if (d->all && yaml_load_file(dirfd, name, disp, &root) == NULL) {
		size_t n = ticket_validate(root, disp, d->report, d->ctx, NULL);
		ynode_free(root);
		if (n)
			return;
	}
	d->report(d->ctx, err->msg);
}

const struct error *
store_load(struct store *s, const char *id, struct ticket *t)
{
	const struct error *err;
	char month[8], name[64];
	char *disp;
	int afd;

	t->root = NULL;
	if ((err = store_check_id(id)) != NULL)
		return err;
	snprintf(name, sizeof(name), "%s.yaml", id);
	/* An archived copy is final, unless the ticket was reopened and is on
	 * its way back: look there first. */
	store_id_month(id, month);
	afd = store_returning(s, name) ? -1 :
	    openat(s->dfd, "archive", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (afd >= 0) {
		int mfd = openat(afd, month, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(afd);
		if (mfd >= 0) {
			disp = store_display_path(s, id, 1);
			err = yaml_load_file(mfd, name, disp, &t->root);
			close(mfd);
			if (err == NULL)
				err = check_loaded(t, id, disp);
			free(disp);
			if (err == NULL || err->code != ERR_NOTFOUND)
				goto done;
		}
	}
	disp = store_display_path(s, id, 0);
	err = yaml_load_file(s->tickets_fd, name, disp, &t->root);
	if (err == NULL)
		err = check_loaded(t, id, disp);
	free(disp);
	if (err && err->code == ERR_NOTFOUND)
		err = error_new(ERR_NOTFOUND, _("no ticket '%s' in '%s'"), id, s->dir);
done:
	if (err) {
		ynode_free(t->root);
		t->root = NULL;
	}
	return err;
}

/*
 * The bytes of ticket `t` as they will be written, refused if they would
 * not load back (SPEC §8: what cstk writes, cstk can read): over the file
 * size limit, a scalar over its limit, a date past year 9999.  Nothing
 * has been written when this fails.
 */
const struct error *
store_emit_checked(struct ticket *t, const char *disp, struct strbuf *out, size_t room)
{
	const struct error *err = store_emit(t, disp, out, room);

	return err ? err : store_read_back(out->buf, out->len, disp);
}

const struct error *
store_emit(struct ticket *t, const char *disp, struct strbuf *out, size_t room)
{
	const struct error *err;

	/* What was loaded is escaped for output (check_loaded); written
	 * back, the escapes would replace the characters for good. */
	if (t->unsafe)
		return error_new(ERR_DATA, "ticket '%s' holds control or bidirectional-override "
		    "characters (values: %u; the first at line %u, column %u of its file); "
		    "nothing was changed: remove them from the file first (cstk check lists "
		    "them)", ticket_str(t, F_ID), t->unsafe, t->unsafe_line, t->unsafe_col);
	ticket_normalize(t);
	if ((err = yaml_emit(t->root, out)) != NULL)
		return err;
	if (out->len + room > YAML_MAX_FILE)
		return error_new(ERR_DATA, "'%s' would grow to %zu bytes, over the limit "
		    "of %d bytes a ticket file may have%s; nothing was changed (put long "
		    "text elsewhere and refer to it)", disp, out->len,
		    (int)(YAML_MAX_FILE - room), room ? " while leaving room to close it" : "");
	return NULL;
}

const struct error *
store_read_back(const char *buf, size_t len, const char *disp)
{
	const struct error *err;
	struct ynode *back = NULL;

	err = yaml_load_buf(buf, len, disp, &back);
	if (err == NULL)
		ticket_validate(back, disp, NULL, NULL, &err);
	ynode_free(back);
	if (err)
		return error_new(ERR_DATA, "refusing to write a ticket cstk could not read "
		    "back; nothing was changed: %s", err->msg);
	return NULL;
}

const struct error *
store_save(struct store *s, struct ticket *t)
{
	return store_save_leaving(s, t, 0);
}

void
store_changed(struct store *s, const char *id, const char *path)
{
	char month[8];

	if (path) {
		sb_addf(&s->changed, "%s\n", path);
		return;
	}
	store_id_month(id, month);
	sb_addf(&s->changed, "tickets/%s.yaml\narchive/%s/%s.yaml\n", id, month, id);
}

void
store_format_id(const struct store *s, const char *ymd, unsigned long seq, char id[40])
{
	snprintf(id, 40, "%s-%s-%s%04lu", s->policy.prefix, ymd, s->site, seq);
}

const struct error *
store_save_leaving(struct store *s, struct ticket *t, size_t room)
{
	const struct error *err;
	struct strbuf out = STRBUF_INIT;
	const char *id = ticket_str(t, F_ID);
	int archived = ticket_status(t) == ST_ARCHIVED;
	char name[64], month[8], mark[80];
	char *disp = store_display_path(s, id, archived);
	int afd = -1, mfd = -1, moving;
	struct stat st;

	snprintf(mark, sizeof(mark), "move-%s.yaml", id);
	if (s->lock_fd < 0) {
		free(disp);
		return error_new(ERR_IO, "internal: writing '%s' without the lock", id);
	}
	if ((err = store_emit_checked(t, disp, &out, room)) != NULL)
		goto done;
	store_changed(s, id, NULL);
	s->nsaved++;
	snprintf(s->last_id, sizeof(s->last_id), "%s", id);
	snprintf(s->last_status, sizeof(s->last_status), "%s", ticket_str(t, F_STATUS));
	snprintf(name, sizeof(name), "%s.yaml", id);
	if (!archived) {
		/*
		 * Reopened, back from archive/: mark it (readers then take the
		 * copy in tickets/ once it exists), write it, and only then
		 * remove the archived copy (store_move_back).
		 */
		int back = store_archived_copy(s, name);
		if (back && (err = store_move_mark(s, "back", name)) != NULL)
			goto done;
		err = atomic_write(s->tmp_fd, s->tickets_fd, name, disp, out.buf, out.len,
		    FILE_MODE);
		if (err == NULL && back && (err = store_move_back(s, name)) != NULL)
			err = error_new(err->code, "%s; the ticket is reopened, and the next "
			    "cstk that writes removes its archived copy", err->msg);
		goto done;
	}
	store_id_month(id, month);
	if ((err = store_subdir(s->dfd, "archive", "archive", 1, &afd)) != NULL)
		goto done;
	if ((err = store_subdir(afd, month, disp, 1, &mfd)) != NULL)
		goto done;
	moving = fstatat(s->tickets_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	/*
	 * Moving from tickets/ to archive/ is two steps.  A durable mark
	 * .tmp/move-ID.yaml comes first: while it exists, readers take the
	 * archived copy and pass over the one in tickets/, and the next
	 * writer finishes or undoes the move (move_recover).
	 */
	if (moving && (err = store_move_mark(s, "move", name)) != NULL)
		goto done;
	if ((err = atomic_write(s->tmp_fd, mfd, name, disp, out.buf, out.len,
	    FILE_MODE)) != NULL) {
		if (moving && fstatat(mfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			err = error_new(err->code, "%s; readers see it archived, and the next "
			    "cstk that writes removes its old copy in tickets/", err->msg);
		goto done;
	}
	if (!moving)
		goto done;
	free(disp);
	disp = store_display_path(s, id, 0);
	if ((err = atomic_unlink(s->tickets_fd, name, disp)) != NULL) {
		err = error_new(err->code, "%s; the ticket is archived, and the next cstk "
		    "that writes removes the old copy", err->msg);
		goto done;
	}
	/* Done: the mark goes; were it to come back, recovery finds nothing to do. */
	atomic_io_unlink(s->tmp_fd, mark, 0);
done:
	if (afd >= 0)
		close(afd);
	if (mfd >= 0)
		close(mfd);
	free(disp);
	sb_release(&out);
	return err;
}

int
store_id_exists(struct store *s, const char *id)
{
	char path[128], month[8];
	struct stat st;

	snprintf(path, sizeof(path), "tickets/%s.yaml", id);
	if (fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 1;
	store_id_month(id, month);
	snprintf(path, sizeof(path), "archive/%s/%s.yaml", month, id);
	return fstatat(s->dfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

const struct error *
store_new_id(struct store *s, const struct ctime *at, char id[40])
{
	char date[CLOCK_BUFSZ], ymd[9], day[16], hint[64] = "";
	unsigned long seq = 1;
	ssize_t n;
	int fd;

	clock_format_date(at, date);
	snprintf(ymd, sizeof(ymd), "%.4s%.2s%.2s", date, date + 5, date + 8);
	snprintf(day, sizeof(day), "%s%s", ymd, s->site);
	/* .seq holds "YYYYMMDD[SITE] N": where to start looking; existence
	 * decides. */
	fd = openat(s->dfd, ".seq", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, FILE_MODE);
	if (fd >= 0 && (n = pread(fd, hint, sizeof(hint) - 1, 0)) > 0) {
		hint[n] = '\0';
		size_t dl = strlen(day);
		if (strncmp(hint, day, dl) == 0 && hint[dl] == ' ')
			seq = strtoul(hint + dl + 1, NULL, 10) + 1;
	}
	for (;; seq++) {
		if (seq > 9999) {
			if (fd >= 0)
				close(fd);
			return error_new(ERR_DATA, "no ticket IDs left for %s: 9999 tickets "
			    "were opened that day", date);
		}
		store_format_id(s, ymd, seq, id);
		if (!store_id_exists(s, id))
			break;
	}
	if (fd >= 0) {
		int len = snprintf(hint, sizeof(hint), "%s %lu\n", day, seq);
		/* Only a hint: the existence check keeps IDs unique, so a
		 * failed write here is harmless. */
		if (ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0)
			(void)atomic_io_write(fd, hint, (size_t)len);
		close(fd);
	}
	return NULL;
}
