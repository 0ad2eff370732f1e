"""Label names shared by the pattern files, the coding, the profile and the tests."""

from __future__ import annotations

# Codes written to `markers` in the output.
QUESTION_OPEN = "QUESTION_OPEN"
QUESTION_CLOSED = "QUESTION_CLOSED"
REFLECTION_SIMPLE = "REFLECTION_SIMPLE"
REFLECTION_COMPLEX = "REFLECTION_COMPLEX"
SHARED_GOAL = "SHARED_GOAL"
SEEKING_COLLABORATION = "SEEKING_COLLABORATION"
AFFIRMATION = "AFFIRMATION"
EMPHASIZING_AUTONOMY = "EMPHASIZING_AUTONOMY"
ADVICE_AS_QUESTION = "ADVICE_AS_QUESTION"
CLIENT_SHARED_GOAL = "CLIENT_SHARED_GOAL"
BACKCHANNEL = "BACKCHANNEL"
# Therapist input (AnnoMI; MITI 4 Giving Information), one per utterance, with its evidence.
INPUT_INFORMATION = "INPUT_INFORMATION"
INPUT_ADVICE = "INPUT_ADVICE"
INPUT_NEGOTIATION = "INPUT_NEGOTIATION"
INPUT_OPTIONS = "INPUT_OPTIONS"
# MITI 4 behaviour codes that pull against the client's autonomy.
PERSUADE = "PERSUADE"
PERSUADE_WITH_PERMISSION = "PERSUADE_WITH_PERMISSION"
CONFRONT = "CONFRONT"
# Client talk about the target behaviour (MISC): the rule names the cue family ("reasons:…").
CHANGE_TALK = "CHANGE_TALK"
SUSTAIN_TALK = "SUSTAIN_TALK"

MARKER_LABELS = (
    QUESTION_OPEN,
    QUESTION_CLOSED,
    REFLECTION_SIMPLE,
    REFLECTION_COMPLEX,
    SHARED_GOAL,
    SEEKING_COLLABORATION,
    AFFIRMATION,
    EMPHASIZING_AUTONOMY,
    ADVICE_AS_QUESTION,
    CLIENT_SHARED_GOAL,
    BACKCHANNEL,
    INPUT_INFORMATION,
    INPUT_ADVICE,
    INPUT_NEGOTIATION,
    INPUT_OPTIONS,
    PERSUADE,
    PERSUADE_WITH_PERMISSION,
    CONFRONT,
    CHANGE_TALK,
    SUSTAIN_TALK,
)

# The `input` code of a therapist utterance, and the marker that carries its evidence.
INPUT_KINDS = ("information", "advice", "negotiation", "options")
INPUT_MARKERS = {
    "information": INPUT_INFORMATION,
    "advice": INPUT_ADVICE,
    "negotiation": INPUT_NEGOTIATION,
    "options": INPUT_OPTIONS,
}
# The `client_talk` code of a client utterance.
CLIENT_TALK_KINDS = ("change", "sustain", "neutral")

# The codes of an utterance (CodedUtterance's fields) and their values besides none; a supervisor may correct each
# (rapport --corrections). CODE_ROLES: the role whose utterances a code is given to; CODE_MARKERS: the marker of each
# value, which carries its evidence (neutral client talk has none).
UTTERANCE_CODES = {
    "question": ("open", "closed"),
    "reflection": ("simple", "complex"),
    "input": INPUT_KINDS,
    "client_talk": CLIENT_TALK_KINDS,
}
CODE_ROLES = {"question": "therapist", "reflection": "therapist", "input": "therapist", "client_talk": "client"}
CODE_MARKERS = {
    "question": {"open": QUESTION_OPEN, "closed": QUESTION_CLOSED},
    "reflection": {"simple": REFLECTION_SIMPLE, "complex": REFLECTION_COMPLEX},
    "input": INPUT_MARKERS,
    "client_talk": {"change": CHANGE_TALK, "sustain": SUSTAIN_TALK},
}

# Lexical markers found by models/markers.jsonl; GENERIC_ON is context that cancels an inclusive "on".
GENERIC_ON = "GENERIC_ON"
LEXICAL_MARKER_LABELS = (SHARED_GOAL, SEEKING_COLLABORATION, AFFIRMATION, EMPHASIZING_AUTONOMY, GENERIC_ON)

# Cues found by models/question_cues.jsonl, read by the question component.
WH_OPEN = "WH_OPEN"
WH_CLOSED = "WH_CLOSED"
WH_WEAK = "WH_WEAK"  # quand, où, qui: also subordinators and relatives, so only clause-initial
YES_NO = "YES_NO"
TAG = "TAG"
ALTERNATIVE = "ALTERNATIVE"
OPEN_INVITATION = "OPEN_INVITATION"  # an open question even without "?": "Parlez-moi de …"
ELABORATION = "ELABORATION"  # makes a yes/no question open: "Autre chose ?", "Vous pouvez me parler de … ?"
QUESTION_CUE_LABELS = (WH_OPEN, WH_CLOSED, WH_WEAK, YES_NO, TAG, ALTERNATIVE, OPEN_INVITATION, ELABORATION, ADVICE_AS_QUESTION)

# Cues found by models/reflection_cues.jsonl, read by the reflection coder.
REFLECTION_OPENER = "REFLECTION_OPENER"
INFERENCE = "INFERENCE"
DOUBLE_SIDED = "DOUBLE_SIDED"
METAPHOR = "METAPHOR"
CONTINUATION = "CONTINUATION"
AMPLIFICATION = "AMPLIFICATION"
INFORMATION = "INFORMATION"
ADVICE = "ADVICE"
REFLECTION_CUE_LABELS = (
    REFLECTION_OPENER,
    INFERENCE,
    DOUBLE_SIDED,
    METAPHOR,
    CONTINUATION,
    AMPLIFICATION,
    INFORMATION,
    ADVICE,
)

# Cues found by models/input_cues.tsv, read by the therapist input coder.
GIVING_INFORMATION = "GIVING_INFORMATION"
GIVING_ADVICE = "GIVING_ADVICE"
NEGOTIATING = "NEGOTIATING"
OFFERING_OPTIONS = "OFFERING_OPTIONS"
ASKING_PERMISSION = "ASKING_PERMISSION"  # permission or the client's choice: input after it is not PERSUADE
PERSUADING = "PERSUADING"
CONFRONTING = "CONFRONTING"
INPUT_CUE_LABELS = (GIVING_INFORMATION, GIVING_ADVICE, NEGOTIATING, OFFERING_OPTIONS, ASKING_PERMISSION, PERSUADING, CONFRONTING)

# Cues found by models/client_talk_cues.tsv: a family of change or sustain talk (MISC), and what moves it.
# The families are MISC's (DARN-CAT, plus taking steps); the marker's rule starts with the family in lower case.
TALK_FAMILY_CUE_LABELS = ("DESIRE", "ABILITY", "REASONS", "NEED", "COMMITMENT", "ACTIVATION", "TAKING_STEPS")
CHANGE_ACTION = "CHANGE_ACTION"  # what changing is: arrêter, réduire, diminuer…
STATUS_QUO = "STATUS_QUO"  # what keeping on is: continuer, garder…
# A scaling ruler the therapist asks (« de 0 à 10, à quel point… »), what it rates (its id is the family the
# answer speaks for), and the rating the client gives in answer.
RULER = "RULER"
RULER_TOPIC = "RULER_TOPIC"
RATING = "RATING"
CLIENT_TALK_CUE_LABELS = (*TALK_FAMILY_CUE_LABELS, CHANGE_ACTION, STATUS_QUO, RULER, RULER_TOPIC, RATING)

# The alliance (Bordin's goals, tasks and bond; the frame; EPITOME's empathy; ruptures and repair, after 3RS):
# markers of therapist and client utterances, found from models/alliance_cues.tsv and the context.
GOAL_TALK = "GOAL_TALK"
TASK_TALK = "TASK_TALK"
FRAME = "FRAME"
EMPATHY_REACTION = "EMPATHY_REACTION"
EMPATHY_INTERPRETATION = "EMPATHY_INTERPRETATION"
EMPATHY_EXPLORATION = "EMPATHY_EXPLORATION"
REPAIR = "REPAIR"
RUPTURE_WITHDRAWAL = "RUPTURE_WITHDRAWAL"
RUPTURE_CONFRONTATION = "RUPTURE_CONFRONTATION"
CLIENT_DOUBT = "CLIENT_DOUBT"
CLIENT_AGREEMENT = "CLIENT_AGREEMENT"
CLIENT_EMOTION = "CLIENT_EMOTION"  # the client says a feeling of their own: an opportunity for empathy
EMPATHY_LABELS = (EMPATHY_REACTION, EMPATHY_INTERPRETATION, EMPATHY_EXPLORATION)
THERAPIST_ALLIANCE_LABELS = (GOAL_TALK, TASK_TALK, FRAME, *EMPATHY_LABELS, REPAIR)
CLIENT_ALLIANCE_LABELS = (RUPTURE_WITHDRAWAL, RUPTURE_CONFRONTATION, CLIENT_DOUBT, CLIENT_AGREEMENT)
ALLIANCE_LABELS = (*THERAPIST_ALLIANCE_LABELS, *CLIENT_ALLIANCE_LABELS)
# Cues of models/alliance_cues.tsv that only the context turns into a marker.
FEELING_ASKED = "FEELING_ASKED"  # « comment vous vous sentez », « qu'est-ce que ça vous fait »: exploration when asked openly
AVOIDING = "AVOIDING"  # « je sais pas », « bof »: withdrawal when it answers an invitation to explore
ALLIANCE_CUE_LABELS = (*ALLIANCE_LABELS, FEELING_ASKED, AVOIDING)

# doc.spans keys the pipeline fills.
MARKERS_KEY = "rapport_markers"
QUESTION_CUES_KEY = "rapport_question_cues"
REFLECTION_CUES_KEY = "rapport_reflection_cues"
QUESTIONS_KEY = "rapport_questions"
INPUT_CUES_KEY = "rapport_input_cues"
CLIENT_TALK_CUES_KEY = "rapport_client_talk_cues"
ALLIANCE_CUES_KEY = "rapport_alliance_cues"
