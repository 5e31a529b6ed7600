/*
 * yaml-load.h — read one YAML document into a ynode tree, defensively.
 *
 * Limits (SPEC §8) are enforced in cstk's own event loop, so a hostile
 * file fails fast: file size 1 MiB, nesting depth 32, one document, a
 * mapping at the top, no anchors, aliases or tags, no duplicate keys, no
 * scalar over 64 KiB, well-formed UTF-8 without NUL bytes.
 *
 * Every error is ERR_DATA, worded "FILE:LINE:COL: message" (1-based line
 * and column in characters), also for bytes libyaml reports only by offset.
 */
#ifndef CSTK_YAML_LOAD_H
#define CSTK_YAML_LOAD_H

#include <stddef.h>

#include "error.h"
#include "ynode.h"

#define YAML_MAX_FILE	(1024 * 1024)
#define YAML_MAX_DEPTH	32
#define YAML_MAX_SCALAR	(64 * 1024)

const struct error *yaml_load_buf(const char *buf, size_t len, const char *file,
    struct ynode **out);
/*
 * Open `name` relative to `dirfd` without following a symlink, refuse
 * anything but a regular file of at most YAML_MAX_FILE bytes, and load it.
 * A missing file is ERR_NOTFOUND.
 */
const struct error *yaml_load_file(int dirfd, const char *name, const char *file,
    struct ynode **out);
/* Read a whole regular file (same checks) into *buf (caller frees). */
const struct error *yaml_read_file(int dirfd, const char *name, const char *file,
    char **buf, size_t *len);

#endif
