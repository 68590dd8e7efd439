"""The claimlens_claims component: claim labels and cues by the rules of docs/ANNOTATION.md (v2)."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import ConfigError
from pipeline.nlp import claims, cues
from pipeline.nlp.claims import SentenceLabels, classify_sentence
from pipeline.paths import shared_dir

SEEDS = shared_dir() / "seeds"

# Entity surface forms for the tiny fixtures (the lexicon component is tested elsewhere).
ENTS: dict[str, str] = {
    "kratom": "SUBSTANCE", "Kratom": "SUBSTANCE", "kava": "SUBSTANCE", "Kava": "SUBSTANCE",
    "mitragynine": "SUBSTANCE", "Mitragynine": "SUBSTANCE", "valerian": "SUBSTANCE", "Valerian": "SUBSTANCE", "Saffron": "SUBSTANCE", "ashwagandha": "SUBSTANCE", "Ashwagandha": "SUBSTANCE",
    "5-HTP": "SUBSTANCE", "saffron": "SUBSTANCE", "magnesium": "SUBSTANCE", "opioids": "SUBSTANCE",
    "benzodiazepines": "SUBSTANCE",
    "anxiety": "CONDITION", "GAD": "CONDITION", "insomnia": "CONDITION", "pain": "CONDITION",
    "nausea": "CONDITION", "drowsiness": "CONDITION", "PTSD": "CONDITION", "depression": "CONDITION",
    "liver damage": "CONDITION", "stress": "CONDITION", "mood": "CONDITION",
    "mu-opioid receptors": "MECHANISM", "cortisol": "MECHANISM", "serotonin": "MECHANISM",
}
_ENT_RE = re.compile("|".join(sorted(map(re.escape, ENTS), key=len, reverse=True)))


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimlens_claims")
    return nlp


def make_doc(nlp: Language, lines: list[str]) -> Doc:
    """One sentence per line; entities from ENTS by whole-word match."""
    text = "\n".join(lines)
    doc = nlp.make_doc(text)
    starts, pos = set(), 0
    for line in lines:
        starts.add(pos)
        pos += len(line) + 1
    for tok in doc:
        tok.is_sent_start = tok.idx in starts
    spans = []
    for m in _ENT_RE.finditer(text):
        if (m.start() == 0 or not text[m.start() - 1].isalnum()) and (
            m.end() == len(text) or not text[m.end()].isalnum()
        ):
            span = doc.char_span(m.start(), m.end(), label=ENTS[m.group(0)])
            if span is not None:
                spans.append(span)
    doc.ents = spacy.util.filter_spans(spans)
    return doc


def run(nlp: Language, *lines: str) -> list[tuple]:
    doc = nlp.get_pipe("claimlens_claims")(make_doc(nlp, list(lines)))
    return [as_tuple(s) for s in doc.sents]


def as_tuple(sent) -> tuple:
    x = sent._
    if not x.claimlens_is_claim:
        return (False,)
    return (
        x.claimlens_claim_type, x.claimlens_evidence, x.claimlens_hedged, x.claimlens_negated,
        x.claimlens_claim_cue, x.claimlens_evidence_cue, x.claimlens_hedge_cue, x.claimlens_negation_cue,
    )


def one(nlp: Language, line: str) -> tuple:
    return run(nlp, line)[0]


NO = (False,)


# ---------------------------------------------------------------- the seeds (read, never copied)


def _seed_sentence(name_prefix: str, *keywords: str) -> tuple:
    path = next(SEEDS.glob(f"{name_prefix}_*.txt"))
    sent_nlp = spacy.blank("en")
    sent_nlp.add_pipe("sentencizer")
    ruler = sent_nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(
        [{"label": "SUBSTANCE", "pattern": p} for p in ("kratom", "mitragynine", "7-hydroxymitragynine")]
        + [{"label": "CONDITION", "pattern": p} for p in ("ptsd", "depression", "anxiety", "flashbacks", "suds")]
        + [{"label": "MECHANISM", "pattern": p} for p in ("serotonin", "norepinephrine")]
    )
    sent_nlp.add_pipe("claimlens_claims")
    doc = sent_nlp(path.read_text(encoding="utf-8"))
    hits = [s for s in doc.sents if all(k in s.text for k in keywords)]
    assert len(hits) == 1, f"{len(hits)} sentences of {path.name} contain {keywords}"
    return as_tuple(hits[0])


needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason=f"{SEEDS} not found")


@needs_seeds
def test_seed_users_report_is_anecdotal_benefit() -> None:
    assert _seed_sentence("004", "Users report", "mitigate") == (
        "benefit", "anecdotal", False, False, "help", "Users report", None, None,
    )


@needs_seeds
def test_seed_preclinical_studies_modulate_is_preclinical_mechanism() -> None:
    assert _seed_sentence("000", "Preclinical studies", "modulate") == (
        "mechanism", "preclinical", True, False, "modulate", "Preclinical studies", "suggesting", None,
    )


@needs_seeds
def test_seed_clinical_trials_are_essential_is_not_a_claim() -> None:
    assert _seed_sentence("000", "Clinical trials are essential") == NO


# ---------------------------------------------------------------- evidence labels


def test_clinical(nlp: Language) -> None:
    assert one(nlp, "In a randomized controlled trial, kava reduced anxiety in adults with GAD.") == (
        "benefit", "clinical", False, False, "reduced", "randomized controlled trial", None, None,
    )


def test_clinical_population_without_the_word_study(nlp: Language) -> None:
    assert one(nlp, "Valerian helped 40 adults with insomnia fall asleep faster.") == (
        "benefit", "clinical", False, False, "helped", "40 adults", None, None,
    )


def test_preclinical(nlp: Language) -> None:
    assert one(nlp, "In mice, mitragynine activates mu-opioid receptors.") == (
        "mechanism", "preclinical", False, False, "activates", "mice", None, None,
    )


def test_animal_and_human_bases_together_are_clinical(nlp: Language) -> None:
    assert one(nlp, "Saffron eased anxiety in rats and in a placebo-controlled trial.")[1] == "clinical"


def test_anecdotal_first_person(nlp: Language) -> None:
    assert one(nlp, "I take valerian every night and my insomnia is gone.") == (
        "benefit", "anecdotal", False, False, "gone", "I", None, None,
    )


def test_anecdotal_traditional_use(nlp: Language) -> None:
    assert one(nlp, "Kava is traditionally used to treat anxiety.") == (
        "benefit", "anecdotal", False, False, "treat", "traditionally", None, None,
    )


def test_unspecified_vague_appeal(nlp: Language) -> None:
    assert one(nlp, "Studies suggest that ashwagandha may lower cortisol.") == (
        "mechanism", "unspecified", True, False, "lower", "Studies suggest", "suggest", None,
    )


def test_unspecified_no_basis(nlp: Language) -> None:
    assert one(nlp, "Kratom can cause nausea.") == ("harm", "unspecified", False, False, "cause", None, None, None)


# ---------------------------------------------------------------- scope of evidence


def test_evidence_said_to_be_missing_is_not_support(nlp: Language) -> None:
    assert one(nlp, "Kava may ease anxiety, but no clinical trials have tested this.") == (
        "benefit", "unspecified", True, False, "ease", None, "may", None,
    )


def test_anecdotal_support_with_lacking_trials_stays_anecdotal(nlp: Language) -> None:
    assert one(nlp, "Anecdotal reports suggest kava eases anxiety, but clinical trials are lacking.") == (
        "benefit", "anecdotal", True, False, "eases", "Anecdotal reports", "suggest", None,
    )


# ---------------------------------------------------------------- not claims


@pytest.mark.parametrize(
    "line",
    [
        "Further trials are needed to confirm whether kava eases anxiety.",
        "More research is needed on kratom for PTSD.",
        "Clinical trials are essential to establish kratom's safety and efficacy in treating depression.",
    ],
)
def test_calls_for_research_are_not_claims(nlp: Language, line: str) -> None:
    assert one(nlp, line) == NO


@pytest.mark.parametrize(
    "line",
    [
        "Consult your doctor before taking kava.",
        "Start with a low dose of kratom and wait an hour.",
        "Always talk to a pharmacist before combining valerian with other sleep aids.",
    ],
)
def test_advice_without_an_effect_is_not_a_claim(nlp: Language, line: str) -> None:
    assert one(nlp, line) == NO


def test_advice_with_a_stated_reason_is_a_claim(nlp: Language) -> None:
    assert one(nlp, "Use kratom with caution, as it can cause liver damage.") == (
        "harm", "unspecified", False, False, "cause", None, None, None,
    )


@pytest.mark.parametrize(
    "line",
    [
        "This article explores whether kratom relieves pain.",
        "We will unravel the science behind kava and anxiety.",
        "This product is not intended to diagnose, treat, cure or prevent any disease.",
    ],
)
def test_article_framing_is_not_a_claim(nlp: Language, line: str) -> None:
    assert one(nlp, line) == NO


def test_botany_and_legal_status_are_not_claims(nlp: Language) -> None:
    assert run(
        nlp,
        "Kratom is a tropical tree in the coffee family.",
        "Kratom is banned in several U.S. states and costs about $30 per 100 g.",
    ) == [NO, NO]


# ---------------------------------------------------------------- headings


def test_heading_with_finite_effect_verb_is_a_claim(nlp: Language) -> None:
    assert one(nlp, "Kava Calms the Anxious Mind") == ("benefit", "unspecified", False, False, "Calms", None, None, None)


@pytest.mark.parametrize("line", ["The Calming Effects of Kava", "Does Kava Work?", "How Kava Eases Anxiety"])
def test_noun_phrase_question_and_wh_headings_are_not_claims(nlp: Language, line: str) -> None:
    assert one(nlp, line) == NO


# ---------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("Kratom might ease pain.", "might"),
        ("Kava is purported to relieve stress.", "purported"),
        ("Kava is considered to be calming.", "considered to be"),
        ("Saffron shows promise for depression.", "promise"),
        ("Ashwagandha appears to lower cortisol.", "appears"),
    ],
)
def test_hedge_words(nlp: Language, line: str, cue: str) -> None:
    labels = one(nlp, line)
    assert (labels[2], labels[6]) == (True, cue)


@pytest.mark.parametrize(
    "line",
    ["Kratom reportedly eases pain.", "Kratom often eases pain.", "Kratom tends to ease pain.",
     "Kratom can ease pain, according to a May 2024 survey."],
)
def test_attribution_frequency_and_dates_are_not_hedges(nlp: Language, line: str) -> None:
    labels = one(nlp, line)
    assert labels[0] == "benefit" and (labels[2], labels[6]) == (False, None)


# ---------------------------------------------------------------- negation and safety


def test_denied_effect(nlp: Language) -> None:
    assert one(nlp, "Valerian did not reduce anxiety in the trial.") == (
        "benefit", "clinical", False, True, "reduce", "trial", None, "did not",
    )


def test_no_evidence_that(nlp: Language) -> None:
    assert one(nlp, "There is no evidence that kratom is safe.") == (
        "harm", "unspecified", False, True, "safe", None, None, "no evidence",
    )


@pytest.mark.parametrize(
    ("line", "claim_cue", "neg_cue"),
    [
        ("Kratom is safe and well tolerated.", "safe", "safe"),
        ("Ashwagandha is not habit-forming.", "habit-forming", "is not"),
        ("Unlike opioids, kava has no side effects.", "side effects", "no"),
    ],
)
def test_safety_assertions_are_negated_harm(nlp: Language, line: str, claim_cue: str, neg_cue: str) -> None:
    assert one(nlp, line) == ("harm", "unspecified", False, True, claim_cue, None, None, neg_cue)


def test_comparative_safety_is_harm_not_negated(nlp: Language) -> None:
    assert one(nlp, "Kava causes fewer side effects than benzodiazepines.") == (
        "harm", "unspecified", False, False, "side effects", None, None, None,
    )


def test_absence_of_symptoms_as_outcome_is_not_negated(nlp: Language) -> None:
    assert one(nlp, "Mice given saffron showed no signs of anxiety.") == (
        "benefit", "preclinical", False, False, "no signs of anxiety", "Mice", None, None,
    )


# ---------------------------------------------------------------- claim type and lists


def test_claim_type_follows_the_main_clause(nlp: Language) -> None:
    assert [r[0] for r in run(
        nlp,
        "Kava eases anxiety, but it can cause liver damage.",
        "Although kava eases anxiety, it can cause liver damage.",
        "Mitragynine binds to mu-opioid receptors, which may relieve pain.",
    )] == ["benefit", "harm", "mechanism"]


def test_deficiency_statement_is_a_benefit_claim(nlp: Language) -> None:
    assert one(nlp, "Low magnesium worsens mood.")[0] == "benefit"


def test_list_items_under_a_lead_in_are_claims(nlp: Language) -> None:
    assert run(nlp, "Side effects of 5-HTP:", "- nausea", "- drowsiness", "Take it with food.") == [
        NO,
        ("harm", "unspecified", False, False, "nausea", None, None, None),
        ("harm", "unspecified", False, False, "drowsiness", None, None, None),
        NO,
    ]


def test_list_items_take_the_lead_in_kind_when_they_name_no_effect(nlp: Language) -> None:
    assert run(nlp, "Benefits of kava:", "- Calmer evenings", "- Better focus at work") == [
        NO,
        ("benefit", "unspecified", False, False, "Calmer", None, None, None),
        ("benefit", "unspecified", False, False, "Better", None, None, None),
    ]
    assert run(nlp, "Reported uses of kava:", "- social gatherings") == [
        NO, ("benefit", "unspecified", False, False, "uses", None, None, None),
    ]


def test_hedged_lead_in_softens_its_items(nlp: Language) -> None:
    assert run(nlp, "Kava may help with:", "- stress", "- restless evenings") == [
        NO,
        ("benefit", "unspecified", True, False, "may help", None, "may", None),
        ("benefit", "unspecified", True, False, "may help", None, "may", None),
    ]


def test_lead_in_naming_only_the_substance_keeps_items_without_effects_out(nlp: Language) -> None:
    assert run(nlp, "Why choose our kratom?", "- Lab tested for heavy metals", "- Eases everyday stress") == [
        NO, NO, ("benefit", "unspecified", False, False, "Eases", None, None, None),
    ]


# ---------------------------------------------------------------- the component and the pure function


def test_classify_sentence_is_a_pure_function_of_a_span(nlp: Language) -> None:
    doc = make_doc(nlp, ["Kava may ease anxiety."])
    labels = classify_sentence(next(iter(doc.sents)))
    assert labels == SentenceLabels(True, "unspecified", "benefit", True, False, None, "ease", "may", None)
    assert not doc.user_data  # nothing written


def test_labels_set_by_an_earlier_component_are_kept_unless_overwrite(nlp: Language) -> None:
    doc = make_doc(nlp, ["Kava may ease anxiety."])
    sent = next(iter(doc.sents))
    claims.set_labels(sent, SentenceLabels(True, "clinical", "harm", scores={"is_claim": 0.9}))
    nlp.get_pipe("claimlens_claims")(doc)
    assert (sent._.claimlens_evidence, sent._.claimlens_claim_type) == ("clinical", "harm")
    other = spacy.blank("en")
    other.add_pipe("claimlens_claims", config={"overwrite": True})
    other.get_pipe("claimlens_claims")(doc)
    assert (sent._.claimlens_evidence, sent._.claimlens_claim_type, sent._.claimlens_hedge_cue) == (
        "unspecified", "benefit", "may",
    )


def test_missing_sentence_boundaries_raise_a_coded_error(nlp: Language) -> None:
    with pytest.raises(ConfigError, match=r"\[E003\].*sentencizer"):
        nlp("Kava eases anxiety.")


def test_cue_helpers() -> None:
    assert cues.phrase_tokens("habit-forming") == ("habit", "-", "forming")
    assert cues.phrase_tokens("didn't do much") == ("did", "n't", "do", "much")
    assert cues.verb_forms("ease") == {"base": "ease", "s": "eases", "ed": "eased", "ing": "easing"}
    assert cues.verb_forms("worry") == {"base": "worry", "s": "worries", "ed": "worried", "ing": "worrying"}


def test_labels_are_readable_through_span_extensions_with_messy_whitespace() -> None:
    """The component writes doc.user_data directly; the keys must be the ones Span._ reads."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "SUBSTANCE", "pattern": "kava"}, {"label": "CONDITION", "pattern": "anxiety"}])
    nlp.add_pipe("claimlens_claims")
    doc = nlp("  kava eases anxiety.  \n\n  Consult a doctor.\n kava may ease anxiety!   \n")
    sents = list(doc.sents)
    assert [s._.claimlens_is_claim for s in sents] == [True, False, True, False]  # last: whitespace only
    assert [s._.claimlens_claim_cue for s in sents] == ["eases", None, "ease", None]
    keys = {(k[2], k[3]) for k in doc.user_data if k[1] == "claimlens_is_claim"}
    assert keys == {(s.start_char, s.end_char) for s in sents}
    assert [labels.is_claim for labels in claims.classify_doc(doc)] == [True, False, True, False]


def test_empty_doc_passes_through(nlp: Language) -> None:
    doc = nlp.make_doc("")
    assert len(nlp.get_pipe("claimlens_claims")(doc)) == 0


def test_forced_labels_read_a_non_claim_as_if_it_were_one(nlp: Language) -> None:
    # no effect the rules can resolve, so not a claim; read as a claim it still has its evidence and hedge
    doc = nlp.get_pipe("claimlens_claims")(make_doc(nlp, ["In a randomized trial, participants may sleep deeper."]))
    sent = list(doc.sents)[0]
    assert sent._.claimlens_is_claim is False
    (forced,) = claims.forced_labels(doc, [(sent.start, sent.end, False)])
    assert forced.is_claim is True
    assert (forced.evidence, forced.evidence_cue) == ("clinical", "randomized trial")
    assert forced.hedged and forced.hedge_cue == "may"


def test_signals_record_what_the_rules_saw(nlp: Language) -> None:
    doc = nlp.get_pipe("claimlens_claims")(
        make_doc(nlp, ["Kava for Anxiety", "I swear my anxiety is way down.", "Further trials are needed."])
    )
    bits = list(doc.user_data[claims.SIGNALS_KEY].values())
    assert bits[0] & claims.SIG_HEADING and bits[0] & claims.SIG_SUBSTANCE_REF
    assert bits[1] & claims.SIG_FIRST_PERSON and bits[1] & claims.SIG_CONTEXT_SUB
    assert bits[1] & claims.SIG_EVIDENCE["anecdotal"]
    assert bits[2] & claims.SIG_NON_ASSERT and not bits[2] & claims.SIG_HEADING


# ---------------------------------------------------------------- real web text (docs/ANNOTATION.md, third session)
# Self-written sentences in the shapes issue 11 lists; entities come from ENTS.


def test_use_and_popularity_are_anecdotal(nlp: Language) -> None:
    assert one(nlp, "Kava is used for anxiety across the South Pacific.") == (
        "benefit", "anecdotal", False, False, "used", "is used for", None, None,
    )
    assert one(nlp, "Valerian is popular among shift workers for insomnia.") == (
        "benefit", "anecdotal", False, False, "popular", "popular among", None, None,
    )
    # medical practice stays unspecified
    assert one(nlp, "Doctors prescribe valerian for insomnia.")[:2] == ("benefit", "unspecified")


REVIEW = [
    "I started kava in March because of work.",
    "Made me dizzy.",
    "No more anxiety at night!",
    "I have had insomnia since college.",
    "Anxiety is a feeling of dread that comes and goes.",
    "My husband thinks I sleep better now.",
]


def test_first_person_review_effects_are_claims_about_the_product(nlp: Language) -> None:
    out = run(nlp, *REVIEW)
    assert out[0] == NO  # use without an effect
    assert out[1] == ("harm", "anecdotal", False, False, "dizzy", "me", None, None)
    # no I, no product named: the reported effect is the experience (and its own evidence cue)
    assert out[2] == ("benefit", "anecdotal", False, False, "No more anxiety", "No more anxiety", None, None)
    assert out[3] == NO  # symptom history, not an effect of the product
    assert out[4] == NO  # a definition of a condition
    assert out[5][:2] == ("benefit", "anecdotal") and out[5][4] == "sleep better"


def test_unnamed_effects_need_a_first_person_document(nlp: Language) -> None:
    # the same lines in a page that is not a first-person review assert nothing about a substance
    assert run(nlp, "Kava Basics", "Made me dizzy.", "No more anxiety at night!", "The herb grows in Fiji.") == [
        NO, NO, NO, NO,
    ]
    doc = nlp.get_pipe("claimlens_claims")(make_doc(nlp, REVIEW))
    assert doc._.claimlens_first_person == pytest.approx(4 / 6)


def test_review_experience_without_an_effect_verb(nlp: Language) -> None:
    # the writer's experienced states are claims about the product under review, only in a review
    lines = [
        "I took the capsules for a month.",
        "The second week felt great.",
        "Kinda groggy in the mornings.",
        "My hair fell out in clumps!",
        "I felt high for hours.",
        "I could concentrate.",
        "I ordered a refill online.",
    ]
    out = run(nlp, *lines)
    assert out[0] == NO and out[6] == NO  # use and routine without an effect
    assert out[1] == ("benefit", "anecdotal", False, False, "felt great", "felt great", None, None)
    assert out[2][:2] == ("harm", "anecdotal") and out[2][4] == "groggy"
    assert out[3][:2] == ("harm", "anecdotal") and out[3][4] == "fell out"
    assert out[4][0] == "mechanism" and out[4][4] == "felt high"
    assert out[5][0] == "benefit" and out[5][4] == "could concentrate"
    assert run(nlp, "Kava Basics", "Kinda groggy in the mornings.", "The herb grows in Fiji.") == [NO, NO, NO]
    more = run(nlp, "I used the cream for a week.", "My lips were dry and cracked.", "It worked great!",
               "Food tasted funny.", "I ordered it from my pharmacy.")
    assert [x[:2] for x in more[1:4]] == [("harm", "anecdotal"), ("benefit", "anecdotal"), ("harm", "anecdotal")]
    assert more[4] == NO
    # outside a review "works great" still needs what it works for
    assert one(nlp, "The kava grinder works great.") == NO


def test_review_none_answers_are_negated_claims(nlp: Language) -> None:
    out = run(nlp, "None.", "I take one tablet at night.", "My legs ached on day two.", "None that I am aware of",
              "None of my friends use it.")
    assert out[0] == ("benefit", "anecdotal", False, True, "None", "None", None, "None")  # answers the first field
    assert out[3] == ("harm", "anecdotal", False, True, "None", "None", None, "None")  # no side effects
    assert out[1] == NO and out[4] == NO  # routine; "none of" is no bare answer
    assert run(nlp, "Kava Basics", "None.", "The herb grows in Fiji.") == [NO, NO, NO]  # not a review


def test_pages_sparse_in_substances_need_one_in_the_claim(nlp: Language) -> None:
    page = [
        "Headaches are common in adults.",
        "Some people take magnesium every day.",
        "Most headaches pass within a day.",
        "Using a cool cloth on the forehead can help reduce the pain.",
        "They can help determine the cause of your headache.",
        "The medication may also help relieve the pain.",
        "Some people keep a diary of their headaches.",
        "Others note what they ate.",
    ]
    out = run(nlp, *page)
    assert out[3] == NO  # a remedy without a substance on a page about a condition
    assert out[5][:3] == ("benefit", "unspecified", True)  # a generic substance noun keeps the claim
    # on a page that names a substance often, the same line stays a claim
    dense = ["Kava eases anxiety.", "Kava is taken as a tea.", "Kava grows in Fiji.", "Kava tastes bitter.",
             "Using a cool cloth on the forehead can help reduce the pain."]
    assert run(nlp, *dense)[4][:2] == ("benefit", "unspecified")


def test_case_reports_and_counts_are_clinical(nlp: Language) -> None:
    assert one(nlp, "A 45-year-old man developed liver damage after taking kratom.") == (
        "harm", "clinical", False, False, "developed", "45-year-old", None, None,
    )
    assert one(nlp, "Regulators counted 44 deaths linked to kratom.")[:2] == ("harm", "clinical")
    assert one(nlp, "Regulators counted 44 deaths linked to kratom.")[5] == "44 deaths"
    assert one(nlp, "Compared with the control group, kava eased anxiety.") == (
        "benefit", "clinical", False, False, "eased", "control group", None, None,
    )


ABSTRACT = [
    "Effect of kava on anxiety in mice.",
    "We investigated whether kava reduces anxiety.",
    "Mice were treated with kava and anxiety was then scored.",
    "Kava reduced anxiety in the mice.",
]


def test_abstract_titles_aims_and_methods_are_not_claims(nlp: Language) -> None:
    assert run(nlp, *ABSTRACT) == [
        NO, NO, NO, ("benefit", "preclinical", False, False, "reduced", "mice", None, None),
    ]
    # a title that is a full sentence asserting an effect is a claim
    assert run(nlp, "Kava reduces anxiety in mice.", *ABSTRACT[1:])[0][:2] == ("benefit", "preclinical")


def test_method_conjunct_keeps_the_finding_after_and(nlp: Language) -> None:
    assert one(nlp, "Rats were given kava for 14 days, and their anxiety was reduced.")[:2] == ("benefit", "preclinical")


def test_effect_descriptions_are_mechanism_outcomes_benefit(nlp: Language) -> None:
    assert one(nlp, "Kratom is a mild stimulant.")[0] == "mechanism"
    assert one(nlp, "Kava has psychoactive effects.")[:1] == ("mechanism",)
    assert one(nlp, "Valerian is relaxing.")[0] == "benefit"


def test_modifier_participles_are_not_the_predicate(nlp: Language) -> None:
    assert one(nlp, "Kava attenuated kratom-induced anxiety in rats.") == (
        "benefit", "preclinical", False, False, "attenuated", "rats", None, None,
    )


def test_fact_sheet_effect_field(nlp: Language) -> None:
    out = run(nlp, "Kratom", "Effects: Euphoria, nausea, drowsiness.")
    assert out[1] == ("mechanism", "unspecified", False, False, "Euphoria", None, None, None)


def test_pronouns_refer_to_a_substance_only_once_one_was_named(nlp: Language) -> None:
    page = ["Anxiety", "The cause of it is unknown.", "It can cause insomnia and pain."]
    assert run(nlp, *page)[1:] == [NO, NO]
    assert run(nlp, "Kava", "It can cause nausea.")[1][:2] == ("harm", "unspecified")


def test_less_of_a_state_is_a_benefit(nlp: Language) -> None:
    assert one(nlp, "Kava made me less irritable.")[:2] == ("benefit", "anecdotal")


def test_structured_aims_and_passive_method_subjects(nlp: Language) -> None:
    assert one(nlp, "OBJECTIVE: To report two cases of kratom-induced liver damage.") == NO
    # the passive subject holds "X and Y": the whole clause is the design
    assert one(nlp, "Interactions of kava with valerian and kratom were also studied in rats.") == NO
    assert one(nlp, "RESULTS: Kava reduced anxiety in 12 of 40 patients.")[:2] == ("benefit", "clinical")


def test_measured_changes_in_an_abstract_are_mechanism_findings(nlp: Language) -> None:
    abstract = [
        "Kava and blood pressure in rats.",
        "Rats were treated with kava for 14 days.",
        "Plasma renin levels were significantly increased in the rats versus controls.",
        "Heart rate decreased by 12% after kava.",
        "Kava reduced anxiety in the rats, and renin levels increased.",
    ]
    out = run(nlp, *abstract)
    assert out[2][:2] == ("mechanism", "preclinical") and out[2][4] == "increased"
    assert out[3][0] == "mechanism" and out[3][4] == "decreased"
    assert out[4][0] == "benefit"  # a typed effect in the sentence wins over the measured change
    # outside a research abstract an untyped change says nothing about health
    assert one(nlp, "Prices of kava increased by 12% last year.") == NO


def test_patient_shares_and_the_reported_patient_are_clinical(nlp: Language) -> None:
    assert one(nlp, "Kava caused nausea in 18.5% of patients with anxiety.")[:2] == ("harm", "clinical")
    assert one(nlp, "Kratom may be responsible for the liver damage in this patient.")[:2] == ("harm", "clinical")
    assert one(nlp, "Kava eased anxiety in all patients.")[:2] == ("benefit", "clinical")
    assert one(nlp, "Kava eased anxiety in people.")[:2] == ("benefit", "unspecified")


def test_abstract_framing_and_estimates_are_methods(nlp: Language) -> None:
    abstract = ["Kava and the liver in rats.", "Rats were given kava for 14 days.",
                "The possible influence of kava on liver damage is discussed.",
                "Liver damage was estimated from serum enzymes in rats given kava.",
                "Kava caused liver damage in the rats."]
    out = run(nlp, *abstract)
    assert out[2] == NO and out[3] == NO
    assert out[4][:2] == ("harm", "preclinical")


def test_abstract_explaining_how_is_a_mechanism_claim(nlp: Language) -> None:
    abstract = [
        "Kratom and anxiety in rats.",
        "Rats were treated with kratom and anxiety was then scored.",
        "Kratom-induced anxiety in rats was significantly reduced by kava.",
        "The kratom-induced hyperactivity in rats is mediated by serotonin.",
    ]
    out = run(nlp, *abstract)
    assert out[2][:2] == ("benefit", "preclinical")
    assert out[3][:2] == ("mechanism", "preclinical") and out[3][4] == "is mediated"
