/*
 * fuzz-policy.c — libFuzzer harness: bytes -> policy_load_buf (cstk.yaml)
 * -> the lookups commands make -> policy_release.
 *
 * A loaded policy must be usable: every category routes to a team that
 * exists (policy_load_buf promises it), the prefix is 1-16 capitals and
 * digits, and deadlines and revisit days are in range.  A violation aborts.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz-policy: %s\n", what);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	size_t n;

	if (policy_load_buf(&p, (const char *)data, size, "cstk.yaml") != NULL)
		return 0;
	n = strlen(p.prefix);
	if (n == 0 || n > 16 || !isupper((unsigned char)p.prefix[0]))
		fail("a loaded policy has a bad id prefix");
	for (size_t i = 1; i < n; i++)
		if (!isupper((unsigned char)p.prefix[i]) && !isdigit((unsigned char)p.prefix[i]))
			fail("a loaded policy has a bad id prefix");
	{
		int ncat = p.vocab[V_CATEGORY].n, nprio = p.vocab[V_PRIORITY].n;
		int ntier = p.vocab[V_TIER].n;

		/* The lists in force are the policy's, each word names one value. */
		if (vocab(V_PRIORITY) != &p.vocab[V_PRIORITY])
			fail("a loaded policy's vocabulary is not in force");
		for (int id = 0; id < V_COUNT; id++) {
			const struct enum_def *e = &p.vocab[id];
			if (!e->open && (e->n < 1 || e->n > VOCAB_MAX))
				fail("a loaded list is empty or too long");
			for (int i = 0; i < e->n; i++) {
				if (enum_lookup(e, e->v[i].key) != i)
					fail("a key names another value");
				if (e->v[i].label && enum_lookup(e, e->v[i].label) != i)
					fail("a label names another value");
				for (int k = 0; e->v[i].aliases && e->v[i].aliases[k]; k++)
					if (enum_lookup(e, e->v[i].aliases[k]) != i)
						fail("an alias names another value");
			}
		}
		if (p.vocab[V_SATISFACTION].n != SAT_COUNT)
			fail("satisfaction lost one of its three meanings");
		for (int c = 0; c < ncat; c++) {
			if (policy_team_of(&p, c) == NULL || policy_team(&p, policy_team_of(&p, c)) == NULL)
				fail("a loaded policy routes a category to no team");
		}
		for (int i = 0; i < nprio; i++)
			if (p.val[V_PRIORITY][i].response.n < 1 || p.val[V_PRIORITY][i].resolution.n < 1)
				fail("a loaded policy has an empty deadline");
		for (int i = 0; i < ntier; i++) {
			if (p.val[V_TIER][i].revisit_days < 0 || p.val[V_TIER][i].revisit_days > 365)
				fail("a loaded policy has revisit days out of range");
			for (int c = -1; c < ncat; c++) {
				struct duration w;
				const struct revisit_rule *rule;
				struct deadlines dl;
				(void)policy_revisit(&p, c < 0 ? 0 : c % nprio, c, i, 0, "物流", &w, &rule);
				policy_deadlines(&p, c < 0 ? -1 : c % nprio, c, i, 1, NULL, &dl);
				/* Every deadline the policy gives can be counted on its calendar. */
				for (int f = 0; f < DL_COUNT; f++) {
					struct ctime start = { 1795161600, 8 * 3600 }, out;
					int64_t skipped;
					if (dl.has[f] && calendar_add(&p.calendar, &start, &dl.dur[f],
					    &out, &skipped) != 0)
						fail("a loaded policy gives a deadline its calendar cannot count");
					if (dl.has[f] && out.t < start.t)
						fail("a deadline before its start");
				}
			}
		}
	}
	for (size_t i = 0; i < p.nteams; i++) {
		if (p.teams[i].name == NULL)
			fail("a loaded team has no name");
		for (size_t j = 0; j < p.teams[i].nr; j++)
			if (p.teams[i].members[j] == NULL || p.teams[i].members[j][0] == '\0')
				fail("a loaded team has an empty member");
	}
	policy_release(&p);
	return 0;
}
