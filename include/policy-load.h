/*
 * policy-load.h — what the parts of cstk.yaml's loader share (policy.c,
 * policy-vocab.c); nothing else includes it.
 */
#ifndef CSTK_POLICY_LOAD_H
#define CSTK_POLICY_LOAD_H

#include "policy.h"
#include "ynode.h"

/* NULL if n is of this kind, else "FILE:L:C: WHAT should be …". */
const struct error *policy_want(const struct ynode *n, enum ynode_kind kind,
    const char *file, const char *what);
/* A duration (15m, 4h, 3d, 8bh, 2bd, or hours), checked against the calendar. */
const struct error *policy_duration(const struct policy *p, const struct ynode *n,
    const char *file, const char *what, struct duration *out);
/* The index of a value of list e named at LINE:COL, or "unknown …". */
const struct error *policy_value_index(const struct enum_def *e, const char *key,
    unsigned line, unsigned col, const char *file, int *out);

/* The vocabulary (policy-vocab.c): built-in lists, the lists of cstk.yaml
 * (the calendar loaded first), and the checks across lists and teams. */
void policy_vocab_default(struct policy *p);
void policy_vocab_release(struct policy *p);
const struct error *policy_vocab_load(struct policy *p, const struct ynode *root,
    const char *file);
const struct error *policy_vocab_check(const struct policy *p, const char *file);

#endif
