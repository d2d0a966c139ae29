"""Forms for the registers: a document, a month's figure, a catalogue item, an import file."""

from __future__ import annotations

from django import forms

from gongkai.cases.forms import DateInput

from .importing import COLUMNS
from .models import CatalogueItem, Document, MonthlyFigure

_DATES = ("signed_on", "published_on", "effective_on", "changed_on", "ended_on", "review_due", "formed_on")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "number", "signed_on", "published_on", "effective_on", "changed_on",
                  "ended_on", "end_kind", "ended_by", "review_due"]
        widgets = {f: DateInput() for f in _DATES}


class FigureForm(forms.ModelForm):
    class Meta:
        model = MonthlyFigure
        fields = ["category", "year", "month", "count", "amount", "note"]
        help_texts = {"amount": "仅行政事业性收费填写，单位：万元，小数照录（如 12.35）"}


class CatalogueForm(forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = ["title", "category", "formed_on", "changed_on", "published_on", "location"]
        widgets = {f: DateInput() for f in _DATES}


class ImportForm(forms.Form):
    KINDS = (("documents", "规章和行政规范性文件登记表"), ("figures", "许可、处罚、强制、收费月度数据"))
    kind = forms.ChoiceField(label="导入内容", choices=KINDS)
    file = forms.FileField(label="文件（CSV 或 XLSX）",
                           help_text="第一行为表头。登记表列：" + "、".join(c[1] for c in COLUMNS["documents"])
                           + "；月度数据列：" + "、".join(c[1] for c in COLUMNS["figures"]))
