"""통계 page: the year's training figures as the yearly report prints them — the overall table
(교원 / 지방공무원 × 자격·직무·원격 …), per month with a chart, per department and per plan task
against the plan's targets — and all of it to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSplitter, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)
from ..services import clock, courses, statistics, statistics_export
from .bar_chart import PairBarChart
from .context import AppContext
from .forms import push_button
from .i18n import tr
from .lazy_table import Column, ListTableModel
from .messages import inform, show_error
from .save_file import save_in_background
from .ui_state import save_header, setup_table


def _figure_columns(first: str, key) -> list[Column]:
    return [Column(first, key),
            *[Column(title, lambda r, n=n: r[1][n], align_right=True)
              for n, title in enumerate(statistics_export.FIGURE_HEADERS)]]


def _plan_columns(first: str) -> list[Column]:
    return [Column(first, lambda r: r[0]),
            *[Column(title, lambda r, n=n: r[1][n], align_right=True)
              for n, title in enumerate(statistics_export.PLAN_HEADERS)]]


class StatisticsPage(QWidget):
    """The year's statistics; read only, read again on F5 and when another PC changes data."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._task = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("연도")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("statsYear")
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.year_box)
        note = QLabel(tr("폐강한 기수는 세지 않습니다 · 선발: 선발된 연수생 · 이수: 그중 이수한 사람 · "
                         "이수율: 이수 여부가 결정된 사람 중 · 교육행정연수부 과정은 지방공무원"))
        note.setWordWrap(True)
        bar.addWidget(note, 1)
        bar.addWidget(push_button(tr("엑셀로…"), self.export_excel,
                                  tr("연수 실적·월별·부서별·실천과제별 표를 엑셀로")))
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.report_model = ListTableModel(
            [Column("대상", lambda r: r[0]), Column("구분", lambda r: r[1]),
             *[Column(t, lambda r, n=n: r[2 + n], align_right=True)
               for n, t in enumerate(statistics_export.FIGURE_HEADERS)]], self)
        self.report_view = self._table(self.report_model, "statsReport", {0: 90, 1: 190})
        self.tabs.addTab(self.report_view, tr("연수 실적"))
        month = QSplitter(Qt.Orientation.Vertical)
        self.month_model = ListTableModel(_figure_columns("월", lambda r: r[0]), self)
        month.addWidget(self._table(self.month_model, "statsMonths", {0: 60}))
        self.chart = PairBarChart((tr("선발"), tr("이수")))
        self.chart.setObjectName("statsChart")
        month.addWidget(self.chart)
        month.setSizes([300, 260])
        self.tabs.addTab(month, tr("월별"))
        self.department_model = ListTableModel(_plan_columns("부서"), self)
        self.tabs.addTab(self._table(self.department_model, "statsDepartments", {0: 130}),
                         tr("부서별"))
        self.task_model = ListTableModel(_plan_columns("실천과제"), self)
        self.tabs.addTab(self._table(self.task_model, "statsTasks", {0: 80}), tr("실천과제별"))
        from .survey_tab import SurveyTab

        self.survey_tab = SurveyTab(context)
        self.tabs.addTab(self.survey_tab, tr("만족도"))
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setObjectName("statsStatus")
        layout.addWidget(self.status)
        self.load_years()

    def _table(self, model, key: str, widths: dict[int, int]) -> QTableView:
        view = QTableView()
        view.setModel(model)
        setup_table(view, key, {**{n: 90 for n in range(1, 9)}, **widths})
        return view

    def load_years(self) -> None:
        try:
            years, today = self.context.read(lambda s: (courses.years(s), clock.today(s)))
        except Exception as exc:
            show_error(self, exc)
            return
        chosen = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(tr("{year}년").format(year=year), year)
        wanted = chosen if chosen in years else courses.default_year(years, today.year)
        self.year_box.setCurrentIndex(max(self.year_box.findData(wanted), 0))
        self.year_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        year = self.year_box.currentData()
        if year is None:
            self.status.setText(tr("과정이 없습니다."))
            return
        try:
            stats = self.context.read(lambda s: statistics.year_statistics(s, year))
        except Exception as exc:
            show_error(self, exc)
            return
        self.survey_tab.set_year(year)
        self.report_model.set_rows(statistics_export.report_table(stats))
        cells = statistics_export.figures_cells
        self.month_model.set_rows([(tr("{m}월").format(m=m), cells(f))
                                   for m, f in stats.by_month.items()])
        self.department_model.set_rows([(d, statistics_export.plan_cells(f))
                                        for d, f in stats.by_department.items()])
        self.task_model.set_rows([(t, statistics_export.plan_cells(f))
                                  for t, f in stats.by_task.items()])
        self.chart.show_figures(
            tr("{year}년 월별 선발·이수 인원 (기수 시작 월)").format(year=year),
            [str(m) for m in stats.by_month], [f.selected for f in stats.by_month.values()],
            [f.completed for f in stats.by_month.values()])
        t = stats.totals
        self.status.setText(tr("{year}년: 과정 {c:,} · 기수 {r:,} · 선발 {s:,}명 · 이수 {d:,}명").format(
            year=year, c=t.courses, r=t.runs, s=t.selected, d=t.completed))

    def on_database_changed(self) -> None:
        self.load_years()

    def save_state(self) -> None:
        for view in self.findChildren(QTableView):   # the 만족도 tab's tables too
            save_header(view, view.objectName())

    def export_excel(self):
        year = self.year_box.currentData()
        if year is None:
            return None
        self._task = save_in_background(
            self, self.context, tr("연수 실적 통계 엑셀로 저장"), Path(f"연수실적_{year}.xlsx"),
            lambda s, path: statistics_export.export_year(s, year, path),
            lambda path: inform(self, tr("저장했습니다"), str(path)))
        return self._task
