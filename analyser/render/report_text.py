"""The words and numbers of the reports in one language: labels from models/report_labels.tsv, figures formatted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analyser.domain import TargetBehaviour, Utterance
from analyser.messages import agreed, say
from analyser.profile.attunement import Attunement
from analyser.profile.bands import Band
from analyser.profile.numbers import NONE, format_clock, format_decimal, format_percent
from analyser.profile.registry import BY_NAME, CATEGORY, COUNT, SECONDS, SHARE, Figure, Metric
from analyser.resources import REPORT_LANGUAGES, report_labels


@dataclass(frozen=True, slots=True)
class ReportText:
    """UI text of one language; numbers are written the way that language writes them."""

    lang: str
    labels: Mapping[str, str]

    @classmethod
    def for_lang(cls, lang: str) -> ReportText:
        """The report's text in `lang` ("fr" or "en").

        Raises:
            ValueError: a language the report has no labels for.
        """
        if lang not in REPORT_LANGUAGES:
            raise ValueError(f"no report labels for language {lang!r}; choose one of {', '.join(REPORT_LANGUAGES)}")
        return cls(lang, report_labels(lang))

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def format(self, key: str, **values: object) -> str:
        """A label with `{name}` fields filled in (a Notice said in this language), and "{count|séance|séances}" agreeing with its number."""
        said = {name: say(value, self.lang) if isinstance(value, str) else value for name, value in values.items()}
        return agreed(self.labels[key], self.lang, values).format(**said)

    def number(self, value: float | None, digits: int = 1) -> str:
        """A decimal number: "1,5" in French, "1.5" in English."""
        return format_decimal(value, digits, mark=self._decimal_mark)

    def percent(self, share: float | None, digits: int = 0) -> str:
        """A share of 1 as a percentage: "47 %" in French (no-break space), "47%" in English."""
        return format_percent(share, digits, mark=self._decimal_mark, sign="\u00a0%" if self.lang == "fr" else "%")

    def figure(self, metric: Metric, value: Figure) -> str:
        """A profile figure as a reader sees it: a share as a percentage, seconds as a clock, a ratio with its decimals."""
        if value is None or isinstance(value, str):
            return NONE if value is None else value
        if metric.kind == SHARE:
            return self.percent(value, metric.shown_digits)
        if metric.kind == SECONDS:
            return format_clock(value)
        if metric.kind in (COUNT, CATEGORY):
            return str(value)
        return self.number(value, metric.shown_digits)

    @property
    def _decimal_mark(self) -> str:
        return "," if self.lang == "fr" else "."

    def threshold(self, value: float, *, share: bool) -> str:
        """A threshold, as short as it can be written: "50 %", "72,5 %", "1", "0,5"."""
        if share:
            return self.percent(value, _fewest_digits(value * 100))
        return self.number(value, _fewest_digits(value))

    def band_thresholds(self, band: Band) -> str:
        """"correct ≥ 50 % · bon ≥ 70 %": a band's thresholds, written as its metric is (a share as a percentage)."""
        share = BY_NAME[band.metric].kind == SHARE
        return self.format("thresholds", fair=self.threshold(band.fair, share=share), good=self.threshold(band.good, share=share))

    def band_source(self, band: Band) -> str:
        """Where a band's thresholds come from: "MITI 4.2.1", or rapport's provisional thresholds (models/bands.tsv)."""
        return self[BY_NAME[band.metric].source_key]

    def bands_legend(self) -> str:
        """What the band names mean and where their thresholds come from, in one paragraph."""
        return self.format("bands_legend", low=self["band_low"], fair=self["band_fair"], good=self["band_good"])

    def too_few(self, count: int) -> str:
        """"trop peu pour conclure (n = 2)": a figure read from fewer codes than its minimum (models/minimum_counts.tsv)."""
        return self.format("too_few", count=count)

    def target_name(self, target: TargetBehaviour) -> str | None:
        """The target's name as the reports show it, None without a target."""
        if target.source == "none":
            return None
        return target.name or ", ".join(target.words) or NONE

    def target(self, target: TargetBehaviour) -> str:
        """"Comportement cible : alcool (déduit de la séance)", or that no target was found."""
        name = self.target_name(target)
        if name is None:
            return self["target_none"]
        return self.format("target_line", name=name, source=self[f"target_source_{target.source}"])

    def marker_name(self, label: str) -> str:
        """How the report names a marker label; the label itself for one it does not know."""
        return self.labels.get(f"marker_{label}", label)

    def location(self, utterance: Utterance) -> str | None:
        """Where the utterance is in its file: the reader's place ("cue 3"), else "ligne 12"."""
        if utterance.place:
            return say(utterance.place, self.lang)
        return None if utterance.source_line is None else self.format("line_n", line=utterance.source_line)

    def attunement(self, attunement: Attunement) -> str:
        """The implicit style attunement in one sentence: who follows whom, beside chance, and that it does not judge."""
        return self.format(
            "attunement_line",
            therapist=self.number(attunement.therapist_follows, 3),
            client=self.number(attunement.client_follows, 3),
            baseline=self.number(attunement.baseline, 3),
            pairs=attunement.pairs,
            length=self.number(attunement.length_correlation, 2),
        )

    def numbered_place(self, place: str) -> str:
        """"line 3, column 7" (the numbered parts of a place, as a check keeps them) in this language: "ligne 3, colonne 7"."""
        shown = []
        for part in place.split(", "):
            unit, _, number = part.partition(" ")
            key = "line_n" if unit == "line" else f"place_{unit}"
            shown.append(self.format(key, line=number, n=number) if key in self.labels and number.isdigit() else part)
        return ", ".join(shown)

    def utterance_place(self, utterance: Utterance) -> str:
        """"énoncé 12, ligne 30": which utterance and where in its file, never what was said."""
        where = self.location(utterance)
        number = utterance.index + 1
        return self.format("utterance_at", n=number, where=where) if where else self.format("utterance_n", n=number)


def _fewest_digits(value: float, most: int = 2) -> int:
    """The fewest decimals (up to `most`) that write `value` exactly: 0 for 50, 1 for 72.5."""
    return next((digits for digits in range(most) if abs(round(value, digits) - value) < 1e-9), most)
