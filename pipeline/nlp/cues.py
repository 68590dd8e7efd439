"""Cue lists for the rule-based claim classifier (docs/ANNOTATION.md v2).

Plain module-level data so the rules can be read, reviewed and extended
without touching the logic in claims.py. Phrases are written in lower case
with spaces between the tokens spaCy's English tokenizer makes ("habit -
forming", "did n't"); `phrase_tokens` does that splitting for you, so most
entries can be written naturally ("habit-forming", "didn't").

Effect verbs are listed by lemma; `verb_forms` generates the inflections
(3rd person -s, past -ed, gerund -ing) so headings can tell a finite verb
("Kava Calms the Mind") from a noun phrase ("The Calming Effects of Kava").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ---------------------------------------------------------------------------
# Tokenising and inflecting cue phrases
# ---------------------------------------------------------------------------

_SPLIT = re.compile(r"n't|'s|'m|'ve|'re|'d|'ll|\w+(?:\.\w+)*\.?|[^\w\s]")


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Lower-case tokens of a cue phrase, split the way spaCy's English tokenizer splits it."""
    text = phrase.lower().replace("’", "'")
    out: list[str] = []
    for part in text.split():
        if part.endswith("n't") and len(part) > 3:
            out.extend([part[:-3], "n't"])
            continue
        out.extend(m.group(0) for m in _SPLIT.finditer(part))
    return tuple(out)


_IRREGULAR: dict[str, tuple[str, str, str]] = {
    # lemma: (3sg, past, gerund)
    "take": ("takes", "took", "taking"),
    "give": ("gives", "gave", "giving"),
    "make": ("makes", "made", "making"),
    "bind": ("binds", "bound", "binding"),
    "fight": ("fights", "fought", "fighting"),
    "lead": ("leads", "led", "leading"),
    "cut": ("cuts", "cut", "cutting"),
    "fall": ("falls", "fell", "falling"),
    "rise": ("rises", "rose", "rising"),
    "grow": ("grows", "grew", "growing"),
    "speed": ("speeds", "sped", "speeding"),
    "beat": ("beats", "beat", "beating"),
    "shed": ("sheds", "shed", "shedding"),
    "stop": ("stops", "stopped", "stopping"),
    "drop": ("drops", "dropped", "dropping"),
    "curb": ("curbs", "curbed", "curbing"),
    "slow": ("slows", "slowed", "slowing"),
    "dull": ("dulls", "dulled", "dulling"),
    "ramp": ("ramps", "ramped", "ramping"),
    "dim": ("dims", "dimmed", "dimming"),
    "trim": ("trims", "trimmed", "trimming"),
    "upset": ("upsets", "upset", "upsetting"),
    "set": ("sets", "set", "setting"),
    "keep": ("keeps", "kept", "keeping"),
    "sleep": ("sleeps", "slept", "sleeping"),
    "feel": ("feels", "felt", "feeling"),
    "shut": ("shuts", "shut", "shutting"),
}


def verb_forms(lemma: str) -> dict[str, str]:
    """{'base','s','ed','ing'} forms of a regular or listed irregular verb."""
    if lemma in _IRREGULAR:
        s, ed, ing = _IRREGULAR[lemma]
        return {"base": lemma, "s": s, "ed": ed, "ing": ing}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        s = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        s = lemma[:-1] + "ies"
    else:
        s = lemma + "s"
    if lemma.endswith("e"):
        ed = lemma + "d"
        ing = lemma + "ing" if lemma.endswith(("ee", "ye", "oe")) else lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        ed = lemma[:-1] + "ied"
        ing = lemma + "ing"
    else:
        ed = lemma + "ed"
        ing = lemma + "ing"
    return {"base": lemma, "s": s, "ed": ed, "ing": ing}


# ---------------------------------------------------------------------------
# Effect cues: what makes a sentence a claim, and of which type
# ---------------------------------------------------------------------------
# kind:
#   benefit / harm / mechanism  -- the type is fixed by the cue
#   up / down / neutral         -- direction verbs, typed by their object
#                                  (up+condition = harm, down+condition = benefit,
#                                   any+mechanism = mechanism, up/neutral+positive = benefit)
#   cause                       -- cause/trigger/lead to: harm unless the object is a benefit
#   interact                    -- interaction: mechanism with a receptor object, else harm
#   safety                      -- safe, well tolerated: harm with negated true
#   null                        -- "did nothing", "no effect": benefit with negated true
# strength: "strong" cues make a claim on their own with a substance; "weak"
# ones also need a health word (condition, mechanism, positive state) nearby.

EFFECT_VERBS: dict[str, tuple[str, str]] = {
    # benefit, strong
    "relieve": ("benefit", "strong"),
    "alleviate": ("benefit", "strong"),
    "ease": ("benefit", "strong"),
    "soothe": ("benefit", "strong"),
    "calm": ("benefit", "strong"),
    "treat": ("benefit", "strong"),
    "cure": ("benefit", "strong"),
    "heal": ("benefit", "strong"),
    "mitigate": ("benefit", "strong"),
    "combat": ("benefit", "strong"),
    "counteract": ("benefit", "strong"),
    "quell": ("benefit", "strong"),
    "tame": ("benefit", "strong"),
    "relax": ("benefit", "strong"),
    "restore": ("benefit", "weak"),
    "prevent": ("benefit", "strong"),
    "protect": ("benefit", "weak"),
    "shield": ("benefit", "weak"),
    "outperform": ("benefit", "strong"),
    "soften": ("benefit", "weak"),
    "lift": ("benefit", "weak"),
    "uplift": ("benefit", "weak"),
    "energize": ("benefit", "weak"),
    "stabilize": ("benefit", "weak"),
    "balance": ("benefit", "weak"),
    "strengthen": ("benefit", "weak"),
    "fight": ("benefit", "weak"),
    "beat": ("benefit", "weak"),
    "manage": ("benefit", "weak"),
    "help": ("benefit", "weak"),
    "aid": ("benefit", "weak"),
    "support": ("benefit", "weak"),
    "benefit": ("benefit", "weak"),
    "work": ("benefit", "weak"),
    "improve": ("neutral", "weak"),
    "enhance": ("up", "weak"),
    "boost": ("up", "weak"),
    "promote": ("up", "weak"),
    "increase": ("up", "weak"),
    "raise": ("up", "weak"),
    "elevate": ("up", "weak"),
    "heighten": ("up", "weak"),
    "amplify": ("up", "weak"),
    "stimulate": ("up", "weak"),
    "activate": ("up", "weak"),
    "sharpen": ("up", "weak"),
    "prolong": ("up", "weak"),
    "lengthen": ("up", "weak"),
    "grow": ("up", "weak"),
    "rise": ("up", "weak"),
    "speed": ("up", "weak"),
    "reduce": ("down", "weak"),
    "lower": ("down", "weak"),
    "decrease": ("down", "weak"),
    "diminish": ("down", "weak"),
    "lessen": ("down", "weak"),
    "curb": ("down", "weak"),
    "cut": ("down", "weak"),
    "suppress": ("down", "weak"),
    "inhibit": ("down", "weak"),
    "block": ("down", "weak"),
    "dampen": ("down", "weak"),
    "blunt": ("down", "weak"),
    "attenuate": ("down", "weak"),
    "shorten": ("benefit", "weak"),
    "drop": ("down", "weak"),
    "fade": ("down", "weak"),
    "stop": ("down", "weak"),
    "weaken": ("down", "weak"),
    "disrupt": ("down", "weak"),
    "deepen": ("up", "weak"),
    "intensify": ("up", "weak"),
    "potentiate": ("up", "weak"),
    "recruit": ("neutral", "weak"),
    "push": ("cause", "weak"),
    "drain": ("harm", "weak"),
    "dull": ("down", "weak"),
    "slow": ("down", "weak"),
    "modulate": ("neutral", "weak"),
    "influence": ("neutral", "weak"),
    "affect": ("neutral", "weak"),
    "regulate": ("neutral", "weak"),
    "alter": ("neutral", "weak"),
    "target": ("neutral", "weak"),
    "nudge": ("neutral", "weak"),
    "bind": ("mechanism", "strong"),
    "mimic": ("mechanism", "weak"),
    "occupy": ("mechanism", "weak"),
    "convert": ("mechanism", "weak"),
    "interact": ("interact", "strong"),
    "cause": ("cause", "strong"),
    "trigger": ("cause", "strong"),
    "induce": ("cause", "strong"),
    "evoke": ("cause", "weak"),
    "elicit": ("cause", "weak"),
    "reverse": ("down", "weak"),
    "abolish": ("down", "weak"),
    "antagonize": ("down", "weak"),
    "counter": ("down", "weak"),
    "provoke": ("cause", "strong"),
    "produce": ("cause", "weak"),
    "worsen": ("harm", "strong"),
    "exacerbate": ("harm", "strong"),
    "aggravate": ("harm", "strong"),
    "impair": ("harm", "strong"),
    "damage": ("harm", "strong"),
    "harm": ("harm", "strong"),
    "injure": ("harm", "strong"),
    "poison": ("harm", "strong"),
    "endanger": ("harm", "strong"),
    "upset": ("harm", "weak"),
    "settle": ("benefit", "weak"),
    "unwind": ("benefit", "strong"),
    "adapt": ("benefit", "weak"),
    "hit": ("neutral", "weak"),
    "develop": ("cause", "weak"),
    "quiet": ("benefit", "weak"),
}

# Inflections that are far more often nouns in this genre ("sleep aids", "cuts").
NOT_VERB_FORMS: frozenset[str] = frozenset({"aids", "cuts", "drops", "benefits", "harms"})

# Multi-word verbs: first word inflected, the rest fixed.
EFFECT_PHRASAL_VERBS: dict[str, tuple[str, str]] = {
    "act on": ("mechanism", "strong"),
    "act at": ("mechanism", "strong"),
    "act through": ("mechanism", "strong"),
    "act as": ("neutral", "weak"),
    "work through": ("mechanism", "strong"),
    "work by": ("mechanism", "strong"),
    "work on": ("neutral", "weak"),
    "play a role": ("neutral", "weak"),
    "play a key role": ("neutral", "weak"),
    "switch on": ("up", "weak"),
    "turn on": ("up", "weak"),
    "ramp up": ("up", "weak"),
    "speed up": ("up", "weak"),
    "add to": ("interact", "strong"),
    "push up": ("up", "weak"),
    "turn down": ("down", "weak"),
    "calm down": ("benefit", "strong"),
    "take the edge off": ("benefit", "strong"),
    "take down": ("down", "weak"),
    "get rid of": ("benefit", "weak"),
    "ward off": ("benefit", "strong"),
    "fend off": ("benefit", "strong"),
    "bounce back": ("benefit", "weak"),
    "lead to": ("cause", "strong"),
    "result in": ("cause", "strong"),
    "break down": ("mechanism", "weak"),
    "turn into": ("mechanism", "weak"),
    "make worse": ("harm", "strong"),
    "interfere with": ("interact", "strong"),
    "get through": ("benefit", "weak"),
    "carry through": ("benefit", "weak"),
    "cut back on": ("benefit", "strong"),
    "stay away from": ("benefit", "strong"),
    "turn it into": ("mechanism", "strong"),
    "convert it into": ("mechanism", "strong"),
    "perform as well as": ("benefit", "strong"),
    "perform about as well as": ("benefit", "strong"),
    "work about as well as": ("benefit", "strong"),
    "perform better than": ("benefit", "strong"),
    "work as well as": ("benefit", "strong"),
    "work better than": ("benefit", "strong"),
    "fall asleep": ("benefit", "weak"),
    "fall by": ("down", "weak"),
    "drop by": ("down", "weak"),
    "rise by": ("up", "weak"),
    "stay off": ("benefit", "strong"),
    "get off": ("benefit", "weak"),
    "get me off": ("benefit", "strong"),
    "take care of": ("benefit", "strong"),
    "shut off": ("benefit", "strong"),
    "knock out": ("benefit", "strong"),
    "cancel out": ("interact", "strong"),
    "change how": ("interact", "strong"),
    "dry out": ("harm", "strong"),
    "save my life": ("benefit", "strong"),
    "cut back": ("benefit", "strong"),
    "settle down": ("benefit", "strong"),
    "give me": ("give", "strong"),
    "give them": ("give", "strong"),
    "give him": ("give", "strong"),
    "give her": ("give", "strong"),
    "give you": ("give", "strong"),
    "make the difference": ("benefit", "weak"),
    "make a difference": ("benefit", "weak"),
}

# Nouns, adjectives and fixed phrases (no inflection).
EFFECT_WORDS: dict[str, tuple[str, str]] = {
    # benefit
    "relief": ("benefit", "strong"),
    "relieving": ("benefit", "strong"),
    "pain-relieving": ("benefit", "strong"),
    "therapeutic": ("benefit", "weak"),
    "therapeutic benefits": ("benefit", "strong"),
    "therapeutic effects": ("benefit", "strong"),
    "antidepressant effect": ("benefit", "strong"),
    "antidepressant effects": ("benefit", "strong"),
    "antidepressant properties": ("benefit", "strong"),
    "anxiolytic": ("benefit", "strong"),
    "analgesic": ("benefit", "strong"),
    "calming": ("benefit", "strong"),
    "soothing": ("benefit", "strong"),
    "relaxing": ("benefit", "strong"),
    "sedating": ("benefit", "weak"),
    "beneficial": ("benefit", "strong"),
    "benefits": ("benefit", "weak"),
    "benefit": ("benefit", "weak"),
    "efficacy": ("benefit", "weak"),
    "effective": ("benefit", "strong"),
    "efficacious": ("benefit", "strong"),
    "less effective": ("benefit", "strong"),
    "more effective": ("benefit", "strong"),
    "remedy": ("benefit", "weak"),
    "remedies": ("benefit", "weak"),
    "calmer": ("benefit", "strong"),
    "under control": ("benefit", "strong"),
    "sleep through the night": ("benefit", "strong"),
    "sleep better": ("benefit", "strong"),
    "slept better": ("benefit", "strong"),
    "sleeping better": ("benefit", "strong"),
    "saved my life": ("benefit", "strong"),
    "raised liver enzymes": ("harm", "strong"),
    "elevated liver enzymes": ("harm", "strong"),
    "hard on": ("harm", "strong"),
    "harder on": ("harm", "strong"),
    "rough on": ("harm", "strong"),
    "tough on": ("harm", "strong"),
    "dangerously": ("harm", "strong"),
    "felt nothing": ("null", "strong"),
    "felt absolutely nothing": ("null", "strong"),
    "feel nothing": ("null", "strong"),
    "noticed nothing": ("null", "strong"),
    "n't notice any difference": ("null", "strong"),
    "not notice any difference": ("null", "strong"),
    "no noticeable difference": ("null", "strong"),
    "no significant difference": ("null", "strong"),
    "no meaningful difference": ("null", "strong"),
    "helpful": ("benefit", "strong"),
    "improvement": ("benefit", "weak"),
    "improvements": ("benefit", "weak"),
    "improved": ("benefit", "weak"),
    "booster": ("benefit", "strong"),
    "mood booster": ("benefit", "strong"),
    "game changer": ("benefit", "strong"),
    "lifesaver": ("benefit", "strong"),
    "adaptogen": ("benefit", "strong"),
    "neuroprotective": ("benefit", "strong"),
    "protective": ("benefit", "weak"),
    "works wonders": ("benefit", "strong"),
    "worked wonders": ("benefit", "strong"),
    "promising": ("benefit", "weak"),
    "promise": ("benefit", "weak"),
    "better": ("neutral", "weak"),
    "less": ("down", "weak"),
    "lower": ("down", "weak"),
    "fewer": ("down", "weak"),
    "reduced": ("down", "weak"),
    "longer": ("benefit", "weak"),
    "sharper": ("benefit", "weak"),
    "more manageable": ("benefit", "strong"),
    "manageable": ("benefit", "weak"),
    "gone": ("benefit", "weak"),
    "lifting": ("benefit", "weak"),
    "faded": ("benefit", "weak"),
    "easier": ("benefit", "weak"),
    # effect descriptions of how a substance acts are mechanism (docs/ANNOTATION.md, real web text)
    "stimulant": ("mechanism", "strong"),
    "stimulant effects": ("mechanism", "strong"),
    "stimulant effect": ("mechanism", "strong"),
    "stimulating effects": ("mechanism", "strong"),
    "stimulant-like": ("mechanism", "strong"),
    "sedative": ("mechanism", "strong"),
    "hypnotic": ("mechanism", "strong"),
    "entactogenic": ("mechanism", "strong"),
    "empathogenic": ("mechanism", "strong"),
    "abusable": ("harm", "strong"),
    "sedative effects": ("mechanism", "strong"),
    "sedative effect": ("mechanism", "strong"),
    "sedative properties": ("mechanism", "strong"),
    "psychoactive": ("mechanism", "strong"),
    "psychoactive effects": ("mechanism", "strong"),
    "euphoria": ("mechanism", "strong"),
    "euphoric": ("mechanism", "strong"),
    "euphoric effects": ("mechanism", "strong"),
    "dissociative": ("mechanism", "strong"),
    "dissociative effects": ("mechanism", "strong"),
    "opioid-like effects": ("mechanism", "strong"),
    "opioid-like effect": ("mechanism", "strong"),
    "opiate-like effects": ("mechanism", "strong"),
    "mind-altering": ("mechanism", "strong"),
    "hallucinogenic": ("mechanism", "strong"),
    "psychedelic effects": ("mechanism", "strong"),
    "energizing": ("benefit", "strong"),
    "drop in": ("down", "weak"),
    "drops in": ("down", "weak"),
    "reduction in": ("down", "weak"),
    "reductions in": ("down", "weak"),
    "decrease in": ("down", "weak"),
    "decreases in": ("down", "weak"),
    "decline in": ("down", "weak"),
    "protection against": ("benefit", "strong"),
    "protective effect": ("benefit", "strong"),
    "protective effects": ("benefit", "strong"),
    "incidence of": ("cause", "weak"),
    "implicated in": ("cause", "strong"),
    "implicated as": ("cause", "strong"),
    "secondary to": ("cause", "strong"),
    "attributed to": ("cause", "strong"),
    "related to": ("cause", "weak"),
    "huge difference": ("benefit", "strong"),
    "big difference": ("benefit", "strong"),
    "real difference": ("benefit", "strong"),
    "world of difference": ("benefit", "strong"),
    "noticeable difference": ("benefit", "strong"),
    "energising": ("benefit", "strong"),
    "uplifting": ("benefit", "strong"),
    "mood-boosting": ("benefit", "strong"),
    "sedation": ("benefit", "weak"),
    "impact": ("neutral", "weak"),
    "effect": ("neutral", "weak"),
    "effects": ("neutral", "weak"),
    "useful": ("benefit", "weak"),
    "edge off": ("benefit", "strong"),
    "down": ("down", "weak"),
    "fall": ("down", "weak"),
    "falls": ("down", "weak"),
    "as effective as": ("benefit", "strong"),
    "as well as placebo": ("null", "strong"),
    # harm
    "side effect": ("harm", "strong"),
    "side effects": ("harm", "strong"),
    "side-effect": ("harm", "strong"),
    "side-effects": ("harm", "strong"),
    "adverse effect": ("harm", "strong"),
    "adverse effects": ("harm", "strong"),
    "adverse events": ("harm", "strong"),
    "adverse reactions": ("harm", "strong"),
    "adverse": ("harm", "strong"),
    "risk": ("harm", "strong"),
    "risks": ("harm", "strong"),
    "risky": ("harm", "strong"),
    "danger": ("harm", "strong"),
    "dangers": ("harm", "strong"),
    "dangerous": ("harm", "strong"),
    "unsafe": ("harm", "strong"),
    "toxic": ("harm", "strong"),
    "toxicity": ("harm", "strong"),
    "hepatotoxic": ("harm", "strong"),
    "hepatotoxicity": ("harm", "strong"),
    "harmful": ("harm", "strong"),
    "harms": ("harm", "strong"),
    "dependence": ("harm", "strong"),
    "dependency": ("harm", "strong"),
    "addiction": ("harm", "strong"),
    "addictive": ("harm", "strong"),
    "abuse": ("harm", "strong"),
    "abuse potential": ("harm", "strong"),
    "misuse": ("harm", "weak"),
    "habit forming": ("harm", "strong"),
    "habit-forming": ("harm", "strong"),
    "overdose": ("harm", "strong"),
    "overdoses": ("harm", "strong"),
    "withdrawal": ("harm", "weak"),
    "interaction": ("interact", "strong"),
    "interactions": ("interact", "strong"),
    "drug interactions": ("harm", "strong"),
    "contraindicated": ("harm", "strong"),
    "poisoning": ("harm", "strong"),
    "deaths": ("harm", "strong"),
    "death": ("harm", "weak"),
    "fatal": ("harm", "strong"),
    "lethal": ("harm", "strong"),
    "life-threatening": ("harm", "strong"),
    "trouble": ("harm", "weak"),
    "complaints": ("harm", "weak"),
    "downside": ("harm", "weak"),
    "downsides": ("harm", "weak"),
    "crash": ("harm", "weak"),
    "crashing": ("harm", "weak"),
    "hangover": ("harm", "strong"),
    "sleepy": ("harm", "strong"),
    "drowsy": ("harm", "strong"),
    "groggy": ("harm", "strong"),
    "jittery": ("harm", "strong"),
    "wired": ("harm", "weak"),
    "foggy": ("harm", "strong"),
    "away": ("down", "weak"),
    "low": ("down", "weak"),
    "dizzy": ("harm", "strong"),
    "nauseous": ("harm", "strong"),
    # how the writer of a review felt (real web text)
    "light-headed": ("harm", "strong"),
    "lightheaded": ("harm", "strong"),
    "spacey": ("harm", "strong"),
    "spacy": ("harm", "strong"),
    "queasy": ("harm", "strong"),
    "nauseated": ("harm", "strong"),
    "shaky": ("harm", "strong"),
    "irritable": ("harm", "strong"),
    "moody": ("harm", "strong"),
    "itchy": ("harm", "strong"),
    "lethargic": ("harm", "strong"),
    "exhausted": ("harm", "strong"),
    "tired": ("harm", "strong"),
    "rebound effect": ("harm", "strong"),
    "weight gain": ("harm", "strong"),
    "felt better": ("benefit", "strong"),
    "feel better": ("benefit", "strong"),
    "feeling better": ("benefit", "strong"),
    "feels better": ("benefit", "strong"),
    "breathe better": ("benefit", "strong"),
    "much better": ("benefit", "strong"),
    "felt worse": ("harm", "strong"),
    "feel worse": ("harm", "strong"),
    "got worse": ("harm", "strong"),
    "did not work": ("null", "strong"),
    "didn't work": ("null", "strong"),
    "does not work": ("null", "strong"),
    "doesn't work": ("null", "strong"),
    "no results": ("null", "strong"),
    "no impact": ("null", "strong"),
    "no impacts": ("null", "strong"),
    "no improvement": ("null", "strong"),
    "linked to": ("cause", "strong"),
    "tied to": ("cause", "strong"),
    "associated with": ("cause", "weak"),
    "responsible for": ("cause", "weak"),
    # safety assertions (harm, negated)
    "safe": ("safety", "strong"),
    "safely": ("safety", "weak"),
    "well tolerated": ("safety", "strong"),
    "well-tolerated": ("safety", "strong"),
    "tolerated well": ("safety", "strong"),
    "non-habit-forming": ("safety", "strong"),
    "non-habit forming": ("safety", "strong"),
    "non-addictive": ("safety", "strong"),
    "nonaddictive": ("safety", "strong"),
    "non-toxic": ("safety", "strong"),
    "nontoxic": ("safety", "strong"),
    "gentle": ("safety", "weak"),
    # null effects (benefit, negated)
    "did nothing": ("null", "strong"),
    "does nothing": ("null", "strong"),
    "do nothing": ("null", "strong"),
    "no effect": ("null", "strong"),
    "no effects": ("null", "strong"),
    "no benefit": ("null", "strong"),
    "no difference": ("null", "strong"),
    "ineffective": ("null", "strong"),
    "did not differ": ("null", "strong"),
    "didn't differ": ("null", "strong"),
    "did n't do much": ("null", "strong"),
    "didn't do much": ("null", "strong"),
    "did not do much": ("null", "strong"),
    "do very little": ("null", "strong"),
    "does very little": ("null", "strong"),
    "did very little": ("null", "strong"),
    "did little": ("null", "strong"),
    "does little": ("null", "strong"),
    # mechanism nouns
    "agonist": ("mechanism", "strong"),
    "partial agonist": ("mechanism", "strong"),
    "agonists": ("mechanism", "strong"),
    "antagonist": ("mechanism", "strong"),
    "antagonists": ("mechanism", "strong"),
    "agonism": ("mechanism", "strong"),
    "inhibitor": ("mechanism", "strong"),
    "inhibition": ("mechanism", "strong"),
    "reuptake": ("mechanism", "strong"),
    "affinity": ("mechanism", "strong"),
    "binding": ("mechanism", "strong"),
    "precursor": ("mechanism", "strong"),
    "converted into": ("mechanism", "strong"),
    "converted to": ("mechanism", "strong"),
    "metabolized": ("mechanism", "weak"),
    "receptor activity": ("mechanism", "strong"),
}

# The object words that type direction verbs. Entities do this too (CONDITION,
# MECHANISM, SUBSTANCE); these words cover what the lexicon does not tag.
POSITIVE_STATES: frozenset[str] = frozenset(
    """mood moods sleep energy focus concentration attention alertness calm calmness relaxation
    well-being wellbeing wellness health memory cognition libido resilience vitality stamina asleep slept
    immunity immune recovery rest spirits longevity lifespan clarity productivity motivation
    performance endurance appetite digestion comfort serenity balance sleeping lived drive rested lift
    boost relief breathing""".split()
)
HEALTH_NEGATIVE: frozenset[str] = frozenset(
    """symptoms symptom damage injury distress jitters jitteriness tension worry worries cravings
    craving edge slump fog nausea headache headaches anxiety stress pain fatigue exhaustion insomnia
    immobility problems complaints discomfort tiredness aches disorder disease illness nerves
    drinking irritability restlessness fear ulcers reliance restless awakenings""".split()
)
MECHANISM_WORDS: frozenset[str] = frozenset(
    """receptor receptors neurotransmitter neurotransmitters enzyme enzymes transporter transporters
    serotonin dopamine norepinephrine noradrenaline gaba glutamate cortisol
    corticosterone endorphins endorphin melatonin acetylcholine neurons neuron neural neuronal
    synapses synaptic spines plasticity neurogenesis signalling signaling pathway pathways uptake
    expression mrna motility locomotor immunoreactivity phosphorylation peroxidation secretion
    release cyp3a4 cyp2d6 mao brain-derived bdnf chemistry connections waves axis modulator modulators
    signaling hormone hormones amygdala hippocampus cortex prefrontal system systems""".split()
)
# Outcome words: "no signs of anxiety" is a benefit outcome, not a negation.
OUTCOME_NOUNS: frozenset[str] = frozenset({"signs", "sign", "symptoms", "symptom", "trace", "evidence"})

# Conditions that are adverse effects (harm) rather than the thing treated:
# "never had the constipation" is a safety statement (harm, negated), and a
# sentence pairing a substance with one of these and no verb is a harm claim.
HARM_CONDITION_WORDS: frozenset[str] = frozenset(
    """withdrawal dependence dependency addiction nausea vomiting dizziness drowsiness sleepiness
    hangover headache headaches constipation tolerance overdose toxicity injury damage seizure
    seizures bleeding failure syndrome hepatotoxicity photosensitivity rash diarrhea heartburn
    cramps agitation tremor tremors palpitations heartbeat psychosis paranoia poisoning
    miscarriage deaths death jitteriness jitters grogginess confusion sweating restless hyperthyroidism
    thyrotoxicosis hallucinations""".split()
)

# ---------------------------------------------------------------------------
# Evidence cues
# ---------------------------------------------------------------------------
EVIDENCE_PHRASES: dict[str, tuple[str, ...]] = {
    "clinical": (
        "clinical trial", "clinical trials", "clinical study", "clinical studies", "clinical evidence",
        "clinical data", "clinical research", "clinical testing", "clinically proven", "clinically shown",
        "clinically studied", "clinically tested", "randomized", "randomised", "randomized controlled trial",
        "randomized controlled trials", "randomized trial", "randomized trials", "controlled trial",
        "controlled trials", "controlled study", "controlled studies", "placebo", "placebo-controlled",
        "placebo group", "double-blind", "double-blinded", "trial", "trials", "pilot study", "pilot trial",
        "crossover trial", "crossover trials", "open-label", "participants", "participant",
        "study participants", "survey participants", "volunteers", "healthy volunteers", "respondents",
        "survey", "surveys", "online survey", "cohort", "cohort study", "case study", "case studies",
        "case report", "case reports", "case series", "published case", "a patient who", "patients who",
        "human studies", "human study", "human trials", "human data", "in humans",
        "human subjects", "studies in people", "observational study", "observational studies",
        "epidemiological", "poison control", "poison control centers", "poison centers", "eeg studies",
        "phase 2", "phase 3", "clinical", "in some patients", "in patients", "among patients", "in many patients",
        # case data, counts of harm, control groups, outcome rates in patients (real web text)
        "a case of", "case of a", "we report a", "we describe a", "we present a", "we report two",
        "we report three", "a patient", "one patient", "presented with", "was admitted", "were admitted",
        "admitted to hospital", "admitted to the hospital", "emergency department", "emergency departments",
        "emergency room", "emergency rooms", "hospitalized", "hospitalised", "hospitalizations",
        "hospitalisations", "poison centres", "poison centre", "poison center", "poison control center",
        "poison control centres", "calls to poison", "adverse event reports", "medwatch", "reported cases",
        "cases have been reported", "cases were reported", "control group", "control groups",
        "control subjects", "healthy controls", "matched controls", "response rate", "response rates",
        "responders", "non-responders", "nonresponders", "non-response", "remission rate", "remission rates",
        "vs placebo", "all patients", "in this patient", "of patients", "of the patients",
        "versus placebo", "compared with placebo", "compared to placebo",
    ),
    "preclinical": (
        "preclinical", "pre-clinical", "preclinical studies", "preclinical research", "preclinical research",
        "animal", "animals", "animal studies", "animal study", "animal research", "animal models",
        "animal model", "animal experiments", "mice", "mouse", "mouse models", "mouse study", "rats", "rat",
        "rat studies", "rodent", "rodents", "rodent studies", "rodent experiments", "in vitro", "test-tube",
        "test tube", "test-tube studies", "cell studies", "cell culture", "cell cultures", "cell-based",
        "cell lines", "cell assays", "cultured", "in cells", "lab studies", "lab study", "lab assays",
        "lab experiments", "laboratory studies", "laboratory study", "laboratory work", "laboratory research",
        "laboratory experiments", "in the lab", "assay", "assays", "binding assays", "receptor-binding assays",
        "microsomes", "liver microsomes", "zebrafish", "fruit flies", "flies", "worms", "forced swim test",
        "elevated plus maze", "tail suspension test", "open field test", "in a dish", "petri dish", "in vivo",
        "dogs", "rabbits", "cats", "pigs", "in culture", "cultured cells", "isolated", "perfused", "slices",
        "tumor model", "tumour model", "xenograft", "knockout mice", "wild-type",
        "primates", "monkeys", "guinea pigs", "hamsters", "piglets", "in vitro work", "laboratory work",
        "lab work", "animal work", "work in cell cultures", "cell work",
    ),
    "anecdotal": (
        "anecdotal", "anecdotally", "anecdotes", "anecdotal evidence", "anecdotal reports", "testimonials",
        "testimonial", "user reports", "user reviews", "customer reviews", "online reviews", "reviewers",
        "customers", "verified buyer", "proponents", "advocates", "enthusiasts", "fans", "supporters",
        "traditionally", "traditional use", "traditional medicine", "traditional healers",
        "traditional remedy", "traditional remedies", "folk medicine", "folk remedy", "folk remedies",
        "historically", "for centuries", "centuries", "ancient", "ayurveda", "ayurvedic", "herbalists",
        "herbalist", "naturopath", "healers", "popular as", "popular remedy", "touted", "marketed as",
        "many believe", "widely used", "swear by", "word of mouth", "forums", "i", "my", "me", "myself",
        "told us", "tell us", "tells us", "told me", "reputation", "has a reputation",
        # use, popularity, marketing and reputation (real web text)
        "is used for", "are used for", "is used to", "are used to", "was used to", "were used to",
        "been used to", "was used for", "were used for", "been used for", "is used as", "are used as",
        "commonly used", "often used", "widely taken", "is taken for", "are taken for", "is taken to",
        "are taken to",
        "is used by", "are used by", "frequently used", "occasionally used", "routinely used",
        "used in the treatment", "be used to", "is used in", "are used in",
        "popular among", "popular with", "popular for", "popular in", "popularity", "marketed for",
        "marketed to", "marketed", "sold as", "sold for", "advertised as", "advertised for", "promoted as",
        "promoted for", "billed as", "swears by", "swore by", "known for", "widely known", "well known for",
        "well-known for", "reputation for", "reputed", "people use", "people take", "many people use",
        "many people take", "recreationally", "recreational users", "word-of-mouth",
    ),
    "unspecified": (
        "studies", "study", "research", "researchers", "scientists", "experts", "evidence", "data",
        "findings", "science", "scientific evidence", "scientific research", "literature", "reports",
        "research shows", "studies suggest", "studies show", "preliminary research", "preliminary studies",
        "preliminary evidence", "emerging research", "early research", "a review", "review", "reviews",
        "is believed", "are believed", "believed to", "is thought", "are thought", "thought to",
        "scientists believe", "researchers believe", "researchers think", "some researchers",
        "experts say", "doctors", "meta-analysis", "meta-analyses", "systematic review", "systematic reviews",
    ),
    # Phrases that look like evidence but are not (blocks the shorter match inside them).
    "none": (
        "clinical setting", "clinical settings", "clinical practice", "clinical depression",
        "clinical care", "lab-tested", "lab tested", "third-party lab", "trial and error",
        "free trial", "my doctor", "my prescriber", "my pharmacist", "me know", "review by",
        "medically reviewed", "reviewed by", "i 've read", "what i 've read", "i read", "i 've heard",
        "i heard",
    ),
}

# Experiential subjects + reporting verbs -> anecdotal ("Users report", "people say").
ANECDOTE_SUBJECTS: frozenset[str] = frozenset(
    """users people others customers advocates individuals many folks buyers consumers fans some readers
    reviewers regulars drinkers plenty creators influencers veterans""".split()
)
# Research populations: clinical when something is reported or observed in them.
POPULATION_NOUNS: frozenset[str] = frozenset(
    """patients adults people women men children boys girls veterans students subjects individuals
    nurses workers smokers drinkers volunteers teenagers adolescents seniors soldiers patient infants
    neonates newborns""".split()
)
REPORT_VERBS: frozenset[str] = frozenset(
    """report reports reported reporting say says said describe describes described claim claims
    claimed swear swears credit credits tell tells told find finds found notice noticed mention
    mentioned share shared rave rate rated note noted claiming reporting use used uses take takes took
    describing""".split()
)
OBSERVED_VERBS: frozenset[str] = frozenset(
    """reported report noticed who taking given receiving received treated experienced showed had
    improved saw scored rated""".split()
)

# ---------------------------------------------------------------------------
# Hedges, negations
# ---------------------------------------------------------------------------
HEDGE_PHRASES: tuple[str, ...] = (
    "may", "might", "could", "potential", "potentially", "possibly", "possible", "suggest", "suggests",
    "suggested", "suggesting", "believed", "believe", "believes", "appear", "appears", "appeared",
    "seem", "seems", "seemed", "considered", "claims that", "promise", "promising", "purported", "purportedly",
    "considered to be", "encouraging", "likely", "perhaps", "maybe",
    "thought to", "think", "thinks", "hint", "hints", "hinted", "hinting", "in theory", "theoretically",
    "speculated", "hypothesized", "supposedly", "allegedly", "look promising", "looks promising",
)
# Words that look like hedges but are not in this position ("May 2023").
MONTHS_AFTER: frozenset[str] = frozenset({"in", "since", "of", "until", "from", "by", "early", "late", "mid"})

NEGATION_WORDS: frozenset[str] = frozenset(
    {"not", "n't", "never", "no", "none", "neither", "nor", "cannot", "without", "nothing", "nobody"}
)
NEGATION_PHRASES: tuple[str, ...] = (
    "does not", "do not", "did not", "does n't", "do n't", "did n't", "is not", "are not", "was not",
    "were not", "is n't", "are n't", "was n't", "has not", "have not", "had not", "has n't", "have n't",
    "cannot", "can not", "can n't", "ca n't", "wo n't", "will not", "not", "never", "no", "without",
    "neither", "none", "nor", "zero",
    "failed to", "fails to", "fail to", "free of", "free from",
)
# After "not"/"no": these make the negation about something else.
NEGATION_EXCLUDED_NEXT: frozenset[str] = frozenset(
    """only just merely uncommon unusual without necessarily longer matter wonder doubt surprise
    intended evaluated approved yet exceed""".split()
)
# Claim-level denials: "no evidence that", "not backed by evidence", "not been shown".
DENIAL_PHRASES: tuple[str, ...] = (
    "no evidence", "no reliable evidence", "no direct evidence", "no good evidence", "no scientific evidence",
    "no clinical evidence", "no strong evidence", "no solid evidence", "no proof", "little evidence",
    "insufficient evidence", "not backed by evidence", "not backed by research", "not backed by science",
    "not supported by evidence", "not supported by research", "not shown", "not been shown", "n't been shown",
    "not proven", "not been proven", "unproven", "not been demonstrated", "no more effective than",
    "no better than", "not effective", "not an effective", "no link", "no association", "no connection",
    "not associated with",
)
# Evidence that is said to be missing is not offered in support.
EVIDENCE_ABSENT_BEFORE: frozenset[str] = frozenset(
    {"no", "not", "never", "lack", "lacks", "lacking", "absence", "without", "few", "little", "scant",
     "insufficient", "nor", "zero", "any"}
)
EVIDENCE_ABSENT_AFTER: frozenset[str] = frozenset(
    {"lacking", "missing", "scarce", "absent", "sparse", "needed", "necessary", "required", "warranted"}
)

# ---------------------------------------------------------------------------
# Non-claim contexts
# ---------------------------------------------------------------------------
# Calls for research: the clause they sit in asserts nothing.
RESEARCH_CALL_PHRASES: tuple[str, ...] = (
    "more research", "further research", "more studies", "further studies", "further study",
    "further investigation", "further clinical", "further rigorous", "future research", "future studies",
    "future trials", "larger trials", "larger studies", "larger, well-designed", "additional research",
    "additional studies", "more data", "more trials", "further trials", "remains to be", "remain to be",
    "remains unclear", "remain unclear", "is unclear", "are unclear", "unknown", "not yet known",
    "not well understood", "poorly understood", "under investigation", "being studied", "is ongoing",
    "are ongoing", "ongoing research", "ongoing studies", "ongoing clinical", "ongoing trials", "aim to",
    "aims to", "aimed at", "continue to explore", "continue to investigate", "continues to explore",
    "continues to investigate", "continue to study", "requires further", "require further",
    "should be evaluated", "must be evaluated", "must be thoroughly evaluated", "need to be replicated",
    "needs to be replicated", "need to be", "needs to be", "is needed", "are needed", "is necessary",
    "are necessary", "is essential to establish", "are essential to establish", "are essential",
    "is essential", "is required", "are required", "are warranted", "is warranted", "still emerging",
    "is still evolving", "still evolving", "continues to evolve", "continue to evolve", "subjects of scientific inquiry", "subject of scientific inquiry",
    "has yet to", "have yet to", "yet to be", "not yet been tested", "plans a", "under way", "underway",
    "whether",
)
# Verbs of testing: with missing evidence ("no trial has tested kratom for X") the clause is about research.
RESEARCH_VERBS: frozenset[str] = frozenset(
    "tested studied investigated examined explored evaluated assessed".split()
)
# Advice and precautions: the span after them states no effect.
ADVICE_PHRASES: tuple[str, ...] = (
    "consult", "consulting", "talk to", "talk with", "speak to", "speak with", "ask your", "check with",
    "tell your", "see a doctor", "see your doctor", "seek medical", "seek professional", "start low",
    "start with", "starting with", "begin with", "go slow", "be sure", "make sure", "use with caution",
    "with caution", "cautiously", "under medical supervision", "medical supervision", "it is important to",
    "it 's important to", "it is crucial", "it 's crucial", "it is essential to", "it is imperative",
    "it is vital", "is recommended", "are recommended", "keep out of reach", "do not exceed",
    "don't exceed", "monitor", "monitoring", "watch for", "look out for", "be aware", "precautions",
    "loop in", "reach out", "take it with a grain of salt", "should consult", "should talk",
    "should speak", "should check", "should avoid", "should not", "should use", "should be used",
    "must be used", "must be administered", "be administered", "advise against", "check for",
    "be helpful to", "is helpful to", "it 's helpful to", "it can help to", "it may help to", "helpful to try",
)
# First word of an imperative sentence (after bullets): advice.
IMPERATIVE_STARTS: frozenset[str] = frozenset(
    """never avoid always consult talk check ask start begin pick choose tell see speak skip store keep
    use take stop do don't please try look remember note bring buy""".split()
)
# Statements about the article itself, disclaimers.
FRAMING_PHRASES: tuple[str, ...] = (
    "this article", "this post", "this guide", "this blog", "this page", "this piece", "this section",
    "the article", "in this guide", "in this article", "we will", "we 'll", "we explore", "we examine",
    "we discuss", "we look at", "we 'll look", "let 's", "let us", "join us", "read on", "keep reading",
    "below , we", "we 've rounded up", "we round up", "we have compiled", "these statements",
    "not intended to diagnose", "intended to diagnose", "not been evaluated by the food and drug administration",
    "not been evaluated by the fda", "not medical advice", "is not a recommendation", "this overview",
    "this faq", "this review explores", "in this review", "table of contents",
)
# Research abstracts: aims and hypotheses assert no finding (the whole sentence is not a claim).
AIM_PHRASES: tuple[str, ...] = (
    "we investigated", "we hypothesized", "we hypothesised", "we sought to", "we aimed to", "we aim to",
    "we evaluated", "we assessed", "we examined", "we studied", "we tested", "we compared", "we measured",
    "we analyzed", "we analysed", "we explored", "we determined whether", "we asked whether",
    "aim of this", "aim of the", "aims of this", "aims of the", "purpose of this", "purpose of the",
    "objective of this", "objective of the", "objectives of this", "goal of this", "the present study was",
    "this study was designed", "this study investigated", "this study examined", "this study evaluated",
    "this study assessed", "this study aimed", "this study sought", "the study aimed", "were designed to",
    "was designed to", "was undertaken to", "were undertaken to", "is to investigate", "was to investigate",
    "was to determine", "was to evaluate", "was to examine", "was to assess", "to test the hypothesis",
    "we developed", "we used", "we performed", "we conducted", "we designed",
    # structured-abstract labels of aims and methods ("BACKGROUND:" and "RESULTS:" may hold claims)
    "objective :", "objectives :", "methods :", "design :", "aim :", "aims :", "setting :",
    "patients and methods :", "materials and methods :", "study design :",
)
# Methods and design: the conjunct holding one describes what was done, not what was found
# ("the extract was administered to mice for 14 days", "withdrawal was then scored").
METHOD_PHRASES: tuple[str, ...] = tuple(
    f"{aux} {adv}{verb}".replace("  ", " ")
    for aux in ("was", "were")
    for adv in ("", "then ", "subsequently ", "also ", "first ", "orally ", "daily ", "randomly ", "chronically ")
    for verb in (
        "administered", "given", "treated with", "pretreated", "injected", "dosed", "fed", "exposed to",
        "randomized", "randomised", "assigned", "allocated", "scored", "measured", "assessed", "evaluated",
        "examined", "recorded", "monitored", "quantified", "determined", "analyzed", "analysed", "tested",
        "studied", "investigated", "compared", "collected", "obtained", "performed", "used to assess",
        "used to measure", "used to induce", "enrolled", "recruited", "included", "divided", "observed for",
        "followed up", "followed for", "sacrificed", "killed", "anesthetized", "anaesthetized", "implanted",
        "trained", "housed", "maintained on", "estimated", "titrated",
    )
) + tuple(
    # the abstract's own framing of what it reports: "the possible mechanisms are discussed"
    f"{aux} {verb}"
    for aux in ("is", "are", "was", "were")
    for verb in ("discussed", "described", "reviewed")
) + (
    "examined for", "assessed for", "tested for", "screened for", "evaluated for", "monitored for",
    "been investigated", "been studied", "been examined", "been evaluated", "been assessed",
    "received either", "received a single", "received daily", "received intraperitoneal",
    "randomly assigned", "randomly allocated", "were randomized to", "double-blind, placebo-controlled trial of",
)
# States a substance can leave one in; "less <state>" is a benefit ("less irritable").
HARM_STATES: frozenset[str] = frozenset(
    """sleepy drowsy groggy jittery dizzy nauseous foggy light-headed lightheaded spacey queasy nauseated
    shaky irritable moody itchy lethargic exhausted tired wired""".split()
)
# Effects a reviewer reports having experienced, with no effect verb or condition the lexicon tags
# ("Kinda groggy.", "I could concentrate.", "Tingling in my fingers."). Read only in a first-person
# review, where they are the writer's experience of the product under review (docs/ANNOTATION.md).
REVIEW_EXPERIENCE: dict[str, str] = {
    **{w: "harm" for w in HARM_STATES},
    **{w: "harm" for w in """tingling tingly numbness peeling stinging itching sweating sweats sweaty
    drenched sleepwalking yawning sluggish zombie hungry jumpy weepy teary dry chapped cracked peel stung
    painful ringing forgetful horrid hideous""".split()},
    "bad taste": "harm", "tasted funny": "harm", "sensitive to": "harm", "urge to chew": "harm",
    "couldn't sleep": "harm", "could not sleep": "harm", "can't sleep": "harm", "cant sleep": "harm",
    "not sleeping": "harm", "trouble sleeping": "harm", "hard to sleep": "harm",
    "difficult to stop": "harm", "hard to stop": "harm", "impossible to stop": "harm",
    "hard to get off": "harm", "weight gain": "harm", "gained weight": "harm", "put on weight": "harm",
    "hair loss": "harm", "fell out": "harm", "falling out": "harm", "lost interest": "harm",
    "no appetite": "harm", "hot flashes": "harm", "not motivated": "harm", "no energy": "harm",
    "felt great": "benefit", "feel great": "benefit", "feeling great": "benefit",
    "felt better": "benefit", "feel better": "benefit", "feeling better": "benefit",
    "felt good": "benefit", "feel good": "benefit", "felt normal": "benefit", "feel normal": "benefit",
    "could concentrate": "benefit", "able to concentrate": "benefit", "able to focus": "benefit",
    "able to sleep": "benefit", "able to think": "benefit", "able to function": "benefit",
    "able to walk": "benefit", "able to breathe": "benefit", "able to breath": "benefit",
    "could breathe": "benefit", "could breath": "benefit", "able to handle": "benefit", "enjoy life": "benefit",
    "cleared up": "benefit", "cleared": "benefit", "were gone": "benefit", "was gone": "benefit",
    "changed my life": "benefit", "saved my life": "benefit", "gave me my life back": "benefit",
    "worked great": "benefit", "works great": "benefit", "it worked": "benefit", "it works": "benefit",
    "worked wonders": "benefit", "slept": "benefit",
    "felt high": "mechanism", "feel high": "mechanism", "feeling high": "mechanism",
    "doped up": "mechanism", "euphoric": "mechanism", "buzzed": "mechanism",
}
# Fact-sheet field names whose items are effects of the page's substance ("Effects: Euphoria, ...").
INLINE_EFFECT_LABELS: frozenset[str] = frozenset(
    {"effects", "effect", "side effects", "side-effects", "adverse effects", "risks", "benefits", "uses",
     "dangers", "after effects", "aftereffects", "avoid", "warning", "warnings"}
)
# Control-group cues are clinical only when no non-human system is named in the sentence.
CONTROL_GROUP_CUES: frozenset[str] = frozenset(
    {"control group", "control groups", "control subjects", "matched controls", "healthy controls"}
)
# How an effect comes about: in a research abstract such a sentence is a mechanism claim
# ("the hyperactivity is mediated by catecholamine release", "thrombin plays a role in the pathogenesis").
MECHANISM_EXPLAIN_PHRASES: tuple[str, ...] = (
    "mediated by", "mediates", "mediate", "is mediated", "are mediated", "mechanism", "mechanisms",
    "pathogenesis", "involved in", "involvement of", "plays a role", "play a role", "plays an important role",
    "play an important role", "plays a key role", "attributable to", "contributes to", "contribute to",
)
# Research-report markers: a document where many sentences have one is a research abstract.
RESEARCH_MARKERS: frozenset[str] = frozenset(
    """significantly significant rats rat mice mouse patients subjects results conclusions conclusion methods
    background objective objectives controls treated administration dose-dependent dose-dependently vs
    versus p<""".split()
)
# A research abstract is a case report when a sentence has "case" and one of these ("we report a case").
CASE_REPORT_VERBS: frozenset[str] = frozenset(
    "report reported reports describe described present presented series".split()
)
NUMBER_WORDS: frozenset[str] = frozenset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred""".split()
)
# In a case report, the reported patient is case data.
CASE_PATIENT_WORDS: frozenset[str] = frozenset({"he", "she", "his", "her", "patient"})
# First-person words: a document where many sentences have one is a first-person review/testimonial.
FIRST_PERSON_WORDS: frozenset[str] = frozenset({"i", "my", "me", "i'm", "i've", "myself", "mine", "i'd", "i'll"})
# Symptom history in a first-person document: the writer's condition, not an effect of the product
# ("I have had anxiety since college", "I suffered chronic pain because of the neuropathy").
HISTORY_WORDS: frozenset[str] = frozenset(
    """diagnosed diagnosis since suffered suffer suffering suffers struggled struggle struggling battled
    battling prior born childhood history originally lifelong chronically""".split()
)
# Nouns counted in case data: "44 deaths", "12 cases", "3 hospitalizations".
CASE_COUNT_NOUNS: frozenset[str] = frozenset(
    """cases deaths fatalities hospitalizations hospitalisations poisonings exposures calls visits
    reports""".split()
)
# Ages in case reports ("a 45-year-old man"): the noun after the age.
CASE_PERSON_NOUNS: frozenset[str] = frozenset(
    "man woman boy girl male female patient child infant adolescent teenager mother father".split()
)
# Definitions: "<condition> is a ..." with no substance named is not a claim.
DEFINITION_NEXT: frozenset[str] = frozenset({"a", "an", "one", "characterized", "characterised", "defined", "marked"})
QUESTION_WORDS: frozenset[str] = frozenset("how why what when which who where whether".split())
SUBORDINATORS: frozenset[str] = frozenset(
    "while although though whereas if because since as despite when unlike after before once unless".split()
)
# Tokens that end a scope segment (contrast, cause, relative clause).
SEGMENT_WORDS: frozenset[str] = frozenset({"but", "however", "although", "though", "whereas", "yet", "while"})
SEGMENT_PUNCT: frozenset[str] = frozenset({";", ":", "—", "–", "(", ")"})
REASON_AFTER_COMMA: frozenset[str] = frozenset({"as", "because", "since", "so", "which", "given", "and"})
REASON_PHRASES: tuple[str, ...] = ("due to", "because of", "given its", "given the", "because", "so that")

# Generic references to a substance ("it", "the herb", "this strain").
GENERIC_PRONOUNS: frozenset[str] = frozenset({"it", "its", "itself"})
GENERIC_NOUNS: frozenset[str] = frozenset(
    """herb herbs plant plants supplement supplements medication medications medicine medicines drug drugs
    remedy extract extracts compound compounds alkaloid alkaloids tea oil capsule capsules gummies
    tincture tinctures product products botanical botanicals substance strain strains dose doses
    pill pills tablet tablets powder leaf leaves root spice pairing combination stack formula batch
    mushroom mushrooms constituent constituents treatment treated""".split()
)
DETERMINERS: frozenset[str] = frozenset(
    "the this these that those its our their your my his her each every higher high low large larger".split()
)
# "use" counts as a reference to the substance being used ("regular daily use can lead to dependence").
# Product forms that refer to the substance even without a determiner ("extracts made with solvents").
PRODUCT_FORMS: frozenset[str] = frozenset(
    "extracts supplements capsules tablets pills gummies tinctures teas".split()
)
USE_WORDS: frozenset[str] = frozenset(
    """use using users dosing microdosing taking dose doses grams gram mg milligrams drinkers smokers
    drinking smoking intake""".split()
)
# Objects of "help" that are not health effects ("can help you explore safer options").
NON_HEALTH_HELP: frozenset[str] = frozenset(
    "explore find choose decide understand learn navigate pick plan get figure explain".split()
)
# Words an object search looks through ("blood levels of", "the breakdown of").
TRANSPARENT: frozenset[str] = frozenset(
    "levels level breakdown metabolism clearance concentrations absorption effect effects of the blood sedating activity".split()
)

# Lead-ins: the kind of effect a list heading or lead-in names ("Side effects of 5-HTP:").
LEAD_IN_KINDS: dict[str, str] = {
    "side effects": "harm", "side effect": "harm", "risks": "harm", "risk": "harm", "complaints": "harm",
    "warning signs": "harm", "adverse effects": "harm", "dangers": "harm", "interactions": "harm",
    "downsides": "harm", "benefits": "benefit", "benefit": "benefit", "uses": "benefit",
    "helps with": "benefit", "help with": "benefit", "good for": "benefit", "can help": "benefit",
    "may help": "benefit", "how it works": "mechanism", "mechanisms": "mechanism",
}

BULLETS: frozenset[str] = frozenset({"-", "*", "•", "–", "—", "·", "▪", "◦", "►", "✓", "✔", "+", "‣", "o"})
TERMINAL_PUNCT: frozenset[str] = frozenset({".", "!", "?", "…"})
TRAILING_JUNK: frozenset[str] = frozenset({'"', "'", "”", "’", ")", "]", "*", "†", "‡"})
MODALS: frozenset[str] = frozenset(
    "can may might could will would should must does do did is are was were has have had 's".split()
)
GENERAL_FINITE: frozenset[str] = frozenset(
    """turns makes works gives keeps takes acts shows changes beats fights lifts helps grows cuts curbs
    calms eases report reports say says""".split()
)


PhraseIndex = tuple[
    dict[str, list[tuple[str, object]]],  # single-token cues: word -> [(family, value)]
    dict[str, list[tuple[tuple[str, ...], str, object]]],  # multi-token cues by "w0 w1", longest first
    frozenset[str],  # first words of multi-token cues
]


def compile_phrases(entries: Iterable[tuple[str, str, object]]) -> PhraseIndex:
    """Index (phrase, family, value) entries: one dict lookup per token, one more for two-word starts."""
    single: dict[str, list[tuple[str, object]]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
    seen: set[tuple[tuple[str, ...], str]] = set()
    for phrase, family, value in entries:
        toks = phrase_tokens(phrase)
        if not toks or (toks, family) in seen:
            continue
        seen.add((toks, family))
        if len(toks) == 1:
            single.setdefault(toks[0], []).append((family, value))
        else:
            multi.setdefault(f"{toks[0]} {toks[1]}", []).append((toks, family, value))
    for cands in multi.values():
        cands.sort(key=lambda c: -len(c[0]))
    return single, multi, frozenset(k.split(" ", 1)[0] for k in multi)
