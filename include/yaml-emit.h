/*
 * yaml-emit.h — write a ynode tree as readable UTF-8 YAML.
 *
 * Chinese stays Chinese (the emitter is set to unicode), lines are never
 * folded, multi-line text is a literal block, and a string that another
 * YAML reader would take for a number, boolean or null is quoted.
 * The tree's key order is kept: ordering is the ticket module's business.
 */
#ifndef CSTK_YAML_EMIT_H
#define CSTK_YAML_EMIT_H

#include "error.h"
#include "strbuf.h"
#include "ynode.h"

const struct error *yaml_emit(const struct ynode *root, struct strbuf *out);
/* Would a YAML 1.1/1.2 reader take plain `s` for something but a string? */
int yaml_plain_ambiguous(const char *s);

#endif
