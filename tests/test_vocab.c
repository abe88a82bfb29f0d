/* Tests of vocab: finding a term's sentence near a place or a time, the
 * gloss an episode's glossary gives a term, the context copied from a
 * segment, and clearing entries (their memory is checked by ASan). */
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/vocab.h"
#include "check.h"

/* Six segments, 5 seconds apart, each 4 seconds long:
 *   0  0-4   "Agents are here."        the plural of agent
 *   1  5-9   "Agentic stuff."          not the word agent
 *   2 10-14  "We trained an agent."
 *   3 15-19  "Alignment matters."
 *   4 20-24  "Something else."         the term only in the Chinese
 *   5 25-29  "The agent's plan."       the possessive */
static struct episode *vocab_test_episode(void)
{
	static const char *const en[] = {
		"Agents are here.", "Agentic stuff.", "We trained an agent.",
		"Alignment matters.", "Something else.", "The agent's plan.",
	};
	static const char *const zh[] = {
		"代理(agent)来了。", "代理式的东西。", "我们训练了一个代理。",
		"对齐(alignment)很重要。", "又是别的(tokenizer)。",
		"代理的计划。",
	};
	struct episode *ep = episode_new();
	episode_set(&ep->title, "Agents at work");
	episode_set(&ep->podcast, "The Pod");
	episode_set(&ep->date, "2026-11-30");
	episode_set(&ep->source_url, "https://example.org/ep");
	for (int i = 0; i < 6; i++)
		episode_add_segment(ep, 1 + i % 2, 5.0 * i, 5.0 * i + 4,
				    xstrdup(en[i]), xstrdup(zh[i]), 10 + i);
	episode_add_term(ep, "Agent", "代理", 1, 0);
	/* a glossary read from JSON may name a term twice, once unglossed */
	episode_add_term(ep, "alignment", "", 1, 3);
	episode_add_term(ep, "alignment", "对齐", 1, 3);
	episode_add_term(ep, "tokenizer", "", 1, 4);
	return ep;
}

static void test_nearest_segment(void)
{
	struct episode *ep = vocab_test_episode();

	/* from 1: 0 and 2 are both one away, the earlier wins; 1 itself has
	 * "Agentic", which is not the word */
	CHECK_INT(vocab_nearest_segment(ep, "agent", 1), 0);
	CHECK_INT(vocab_nearest_segment(ep, "agent", 2), 2);
	CHECK_INT(vocab_nearest_segment(ep, "AGENT", 3), 2);
	/* from 4: 3 has no agent, 5 has "agent's" */
	CHECK_INT(vocab_nearest_segment(ep, "agent", 4), 5);
	/* from past the end: counted from the last segment */
	CHECK_INT(vocab_nearest_segment(ep, "agent", 99), 5);
	CHECK_INT(vocab_nearest_segment(ep, "trained", 5), 2);
	/* the Chinese is searched too */
	CHECK_INT(vocab_nearest_segment(ep, "tokenizer", 0), 4);
	CHECK_INT(vocab_nearest_segment(ep, "alignment", 0), 3);
	CHECK_INT(vocab_nearest_segment(ep, "agentic", 5), 1);
	CHECK_INT(vocab_nearest_segment(ep, "zebra", 2), -1);
	CHECK_INT(vocab_nearest_segment(ep, "", 2), -1);
	CHECK_INT(vocab_nearest_segment(ep, NULL, 2), -1);

	struct episode *empty = episode_new();
	CHECK_INT(vocab_nearest_segment(empty, "agent", 0), -1);
	episode_free(empty);
	episode_free(ep);
}

static void test_segment_near_time(void)
{
	struct episode *ep = vocab_test_episode();

	/* inside a segment that has it */
	CHECK_INT(vocab_segment_near_time(ep, "agent", 12, 100), 2);
	/* inside segment 1, whose "Agentic" does not count: 2 is nearer
	 * (2.5 s before its start) than 0 (3.5 s after its end) */
	CHECK_INT(vocab_segment_near_time(ep, "agent", 7.5, 10), 2);
	/* 3 s from both: the earlier one */
	CHECK_INT(vocab_segment_near_time(ep, "agent", 7, 10), 0);
	/* within is inclusive */
	CHECK_INT(vocab_segment_near_time(ep, "agent", 4.5, 0.5), 0);
	CHECK_INT(vocab_segment_near_time(ep, "agent", 4.5, 0.4), -1);
	CHECK_INT(vocab_segment_near_time(ep, "agent", 7, 1), -1);
	CHECK_INT(vocab_segment_near_time(ep, "tokenizer", 22, 0), 4);
	CHECK_INT(vocab_segment_near_time(ep, "Agents", 1, 0), 0);
	CHECK_INT(vocab_segment_near_time(ep, "zebra", 12, 100), -1);
	CHECK_INT(vocab_segment_near_time(ep, "", 12, 100), -1);
	CHECK_INT(vocab_segment_near_time(ep, NULL, 12, 100), -1);
	episode_free(ep);
}

static void test_glossary_entry(void)
{
	struct episode *ep = vocab_test_episode();

	/* case-insensitive, the glossary's own spelling kept */
	CHECK(vocab_episode_term(ep, "agent") == &ep->terms[0]);
	CHECK(vocab_episode_term(ep, "AGENT") == &ep->terms[0]);
	CHECK_STR(vocab_episode_gloss(ep, "aGeNt"), "代理");
	/* the first entry for a term, glossed or not ... */
	CHECK(vocab_episode_term(ep, "alignment") == &ep->terms[1]);
	/* ... but the gloss comes from the first entry that has one */
	CHECK_STR(vocab_episode_gloss(ep, "Alignment"), "对齐");
	/* known, never glossed */
	CHECK(vocab_episode_term(ep, "tokenizer") == &ep->terms[3]);
	CHECK(vocab_episode_gloss(ep, "tokenizer") == NULL);
	/* not in the glossary */
	CHECK(vocab_episode_term(ep, "trained") == NULL);
	CHECK(vocab_episode_gloss(ep, "trained") == NULL);
	CHECK(vocab_episode_term(ep, "") == NULL);
	CHECK(vocab_episode_gloss(ep, NULL) == NULL);

	/* compared in NFC: a decomposed é finds the composed one */
	episode_add_term(ep, "café", "咖啡馆", 1, 0);
	CHECK_STR(vocab_episode_gloss(ep, "CAFE\xCC\x81"), "咖啡馆");
	episode_free(ep);
}

static void test_context_from_segment(void)
{
	struct episode *ep = vocab_test_episode();
	struct vocab_context c;
	memset(&c, 0xAB, sizeof c); /* filled, so zeroing is seen */
	vocab_context_from_segment(&c, ep, 42, 2);
	CHECK_STR(c.en, "We trained an agent.");
	CHECK_STR(c.zh, "我们训练了一个代理。");
	CHECK(c.en != ep->segments[2].en); /* a copy */
	CHECK_INT(c.episode_id, 42);
	CHECK_STR(c.title, "Agents at work");
	CHECK_STR(c.podcast, "The Pod");
	CHECK_STR(c.date, "2026-11-30");
	CHECK_STR(c.source_url, "https://example.org/ep");
	CHECK(c.at == 10.0);
	CHECK_INT(c.saved, 0);

	/* the entry owns the context from here on */
	struct vocab_entry e = { .term = xstrdup("agent"),
				 .gloss = xstrdup("代理"),
				 .note = xstrdup(""),
				 .contexts = xmalloc(2 * sizeof c),
				 .n_contexts = 2 };
	e.contexts[0] = c;
	/* an episode with no metadata gives "" (never NULL) */
	struct episode *bare = episode_new();
	episode_add_segment(bare, 1, 3, 4, xstrdup("An agent."),
			    xstrdup("一个代理。"), 1);
	vocab_context_from_segment(&e.contexts[1], bare, 0, 0);
	CHECK_STR(e.contexts[1].podcast, "");
	CHECK_STR(e.contexts[1].date, "");
	CHECK_STR(e.contexts[1].source_url, "");
	CHECK_INT(e.contexts[1].episode_id, 0);
	CHECK(e.contexts[1].at == 3.0);
	episode_free(bare);
	episode_free(ep);

	/* the copies outlive their episodes; clearing frees them all (ASan
	 * reports a leak otherwise) and leaves the entry zeroed */
	CHECK_STR(e.contexts[0].en, "We trained an agent.");
	vocab_entry_clear(&e);
	CHECK(e.term == NULL && e.gloss == NULL && e.note == NULL);
	CHECK(e.contexts == NULL);
	CHECK_INT(e.n_contexts, 0);
	vocab_entry_clear(&e); /* twice is harmless */
	vocab_entry_clear(NULL);
}

static void test_entries_free(void)
{
	vocab_entries_free(NULL, 3); /* a no-op */
	struct vocab_entry *v = xcalloc(3, sizeof *v);
	struct episode *ep = vocab_test_episode();
	for (size_t i = 0; i < 3; i++) {
		v[i].term = xasprintf("term %zu", i);
		v[i].gloss = xstrdup("");
		v[i].note = xstrdup("");
		v[i].n_contexts = i; /* 0, 1 and 2 contexts */
		v[i].contexts = i ? xcalloc(i, sizeof *v[i].contexts) : NULL;
		for (size_t j = 0; j < i; j++)
			vocab_context_from_segment(&v[i].contexts[j], ep, 1, j);
	}
	episode_free(ep);
	vocab_entries_free(v, 3);
	CHECK(1); /* what is checked here is ASan's leak report */
}

int main(void)
{
	test_nearest_segment();
	test_segment_near_time();
	test_glossary_entry();
	test_context_from_segment();
	test_entries_free();
	return check_result();
}
