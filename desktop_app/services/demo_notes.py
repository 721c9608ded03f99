"""Korean notes for the demo courses.

The plan extract (``resources/demo/courses.csv``, a copy of the shared domain table) carries the
analysts' notes in English: where a row came from, how a figure was read, what it duplicates.
They are provenance for developers; users read Korean only, so the demo shows each note in
Korean here (keyed by the note exactly as the table has it).  Notes already in Korean are shown
as they are.  The Latin letters left are names the plan itself prints (``HOW TO 서울교육``,
``Skill Up!``, ``Teaching Practice, Start Up, Step Up``, ``OJT``).
"""

from __future__ import annotations

import re

_LATIN = re.compile("[A-Za-z]")

# Names the plan prints in Latin letters; the only ones a Korean note may keep.
PLAN_NAMES = ("Teaching Practice", "Start Up", "Step Up", "Skill Up", "HOW TO", "OJT")

KOREAN_NOTES: dict[str, str] = {
    '협력 (partner-school course)':
        '협력 (협력학교 과정)',
    'topic is remote teaching; delivery not stated':
        '주제가 원격수업이며 운영 방식은 적혀 있지 않음',
    'also listed under 5-1 (원어민 영어 보조교사 활용) - same course':
        '5-1 (원어민 영어 보조교사 활용)에도 같은 과정으로 실려 있음',
    "개선사항: '직무연수 확대(수준별 운영)' (line 722)":
        "개선사항: '직무연수 확대(수준별 운영)' (722행)",
    'schedule printed garbled as "등\': 21.1~12월"':
        '추진 일정이 "등\': 21.1~12월"로 깨져 인쇄됨',
    '5-1 lists the same three courses separately: 6+6+6 과정 but 120+120+40=280명 (conflict 360 vs 280)':
        '5-1에는 같은 세 과정이 따로 실려 있음: 6+6+6과정, 120+120+40=280명 (360명과 280명이 맞지 않음)',
    'also listed under 5-1 - same course':
        '5-1에도 같은 과정으로 실려 있음',
    "source typo '학습부진항생' (= 학습부진학생) kept literally":
        "원문 오타 '학습부진항생'(= 학습부진학생)을 그대로 둠",
    '1~4기; not counted in [교행] 추진 목표 row':
        '1~4기; [교행] 추진 목표 행에는 포함되지 않음',
    '열린강좌 1~4기; not counted in [교행] 추진 목표 row':
        '열린강좌 1~4기; [교행] 추진 목표 행에는 포함되지 않음',
    '1~2기; not counted in [교행] 추진 목표 row':
        '1~2기; [교행] 추진 목표 행에는 포함되지 않음',
    'listed only in 주요 개선 사항; 복직자(42h, 21h×2기) in 생애주기 체계표; not counted in [교행] 추진 목표 row':
        '주요 개선 사항에만 실려 있음; 생애주기 체계표에 복직자 42시간(21시간×2기); [교행] 추진 목표 행에는 포함되지 않음',
    'instructor-development course':
        '강사 양성 과정',
    'instructor-development course; not counted in [교행] 추진 목표 row':
        '강사 양성 과정; [교행] 추진 목표 행에는 포함되지 않음',
    '21h (생애주기 체계표)':
        '21시간 (생애주기 체계표)',
    '1~2기; 30h (15h×2기) in 생애주기 체계표; integrated for all ranks':
        '1~2기; 생애주기 체계표에 30시간(15시간×2기); 전 직급 통합 운영',
    'NOT included in [원격] 추진 목표 (32과정 3,800명 = 4+28 과정); looks carried over from 2020 result (34과정 3,931명, line 1389)':
        '[원격] 추진 목표(32과정 3,800명 = 4+28과정)에 포함되지 않음; 2020년 실적(34과정 3,931명, 1389행)을 옮겨 적은 것으로 보임',
    "schedule line names the group '원격 자유학기제 수업과 평가 이해 등' (line 1524)":
        "추진 일정에는 '원격 자유학기제 수업과 평가 이해 등'으로 묶여 있음 (1524행)",
    "schedule line names the group '원격 학교 안전 위험성 진단 Skill Up! 등' (line 1887)":
        "추진 일정에는 '원격 학교 안전 위험성 진단 Skill Up! 등'으로 묶여 있음 (1887행)",
    "budget line calls it '초등 다문화·통합(특수)교육 직무연수 2과정'":
        "예산 항목 이름은 '초등 다문화·통합(특수)교육 직무연수 2과정'",
    '(온라인); run by 초등교원연수부 per [초등] tag':
        '(온라인); [초등] 표기에 따라 초등교원연수부가 운영',
    'run by 중등교원연수부 per [중등] 추진 목표 row':
        '[중등] 추진 목표 행에 따라 중등교원연수부가 운영',
    'one 과정 per genre (연극/영화/뮤지컬) per 추진 일정 lines 2265-2269':
        '추진 일정 2265~2269행에 따라 장르(연극/영화/뮤지컬)마다 1과정',
    "printed '(기본, 심화 각 2과정 120명)'; read as 2 기본 + 2 심화 = 4 과정, 120명 total (only reading that matches [초등] 11과정 340명); 단계형 (기본/심화) 수준별 운영":
        "원문 '(기본, 심화 각 2과정 120명)'; 기본 2 + 심화 2 = 4과정, 모두 120명으로 읽음 ([초등] 11과정 340명과 맞는 유일한 해석); 단계형 (기본/심화) 수준별 운영",
    "printed '(기본, 심화 각 2과정 120명)'; read as 4 과정 120명 total (see 미술)":
        "원문 '(기본, 심화 각 2과정 120명)'; 4과정 모두 120명으로 읽음 (미술 과정 참고)",
    'for kindergarten (유아) teachers':
        '유치원(유아) 교사 대상',
    "schedule line names the group '원격 그림책으로 마음 열기 등' (line 2407)":
        "추진 일정에는 '원격 그림책으로 마음 열기 등'으로 묶여 있음 (2407행)",
    '2021 budget = 재배정':
        '2021년 예산: 재배정',
    'hands-on workshop courses (노작활동) held on campus':
        '연수원에서 하는 체험·실습 과정(노작활동)',
    "title composed from '1급 정교사 자격연수: 유치원(4과정 720명)'; 절대평가":
        "과정명은 '1급 정교사 자격연수: 유치원(4과정 720명)'에서 만듦; 절대평가",
    "title composed from '1급 정교사 자격연수: 초등(16과정 1,408명)'; 절대평가":
        "과정명은 '1급 정교사 자격연수: 초등(16과정 1,408명)'에서 만듦; 절대평가",
    "title composed from '1급 정교사 자격연수: 중등(7과정 550명)'; 절대평가; 5-1 schedules the 중등 영어 subject for '22.1월":
        "과정명은 '1급 정교사 자격연수: 중등(7과정 550명)'에서 만듦; 절대평가; 5-1에는 중등 영어 과목이 '22.1월로 잡혀 있음",
    "title composed from '교(원)감 자격연수: 유･초등(2과정 260명)'":
        "과정명은 '교(원)감 자격연수: 유･초등(2과정 260명)'에서 만듦",
    "from '교(원)감 자격연수: … 중등(1과정 180명)'":
        "과정명은 '교(원)감 자격연수: … 중등(1과정 180명)'에서 만듦",
    "title composed from '교(원)장 자격연수(시도정책): 유･초등(2과정 160명)'":
        "과정명은 '교(원)장 자격연수(시도정책): 유･초등(2과정 160명)'에서 만듦",
    "from '교(원)장 자격연수(시도정책): … 중등(1과정 180명)'":
        "과정명은 '교(원)장 자격연수(시도정책): … 중등(1과정 180명)'에서 만듦",
    "from '교육전문직원 임용후보자 직무연수: 유･초･특수 (1과정 60명)'":
        "과정명은 '교육전문직원 임용후보자 직무연수: 유･초･특수 (1과정 60명)'에서 만듦",
    'schedule printed as 미정 (undecided)':
        '추진 일정이 미정으로 인쇄됨',
    '개선사항: 행정원격 자격증 과정 확대(15과정 → 29과정) (line 2701); budget line still says 15과정':
        '개선사항: 행정원격 자격증 과정 확대(15과정 → 29과정) (2701행); 예산 항목은 아직 15과정',
    "일정 lists 10~20년 '21.5월 and 20~30년 '21.5월 separately (lines 2936-2938)":
        "추진 일정에는 10~20년 '21.5월과 20~30년 '21.5월이 따로 있음 (2936~2938행)",
    '모듈형 연수로 확대 (line 2901)':
        '모듈형 연수로 확대 (2901행)',
    '모듈형 연수로 확대 (line 2903)':
        '모듈형 연수로 확대 (2903행)',
    "title composed from '신규임용예정교사 직무연수: 유·초등(3과정 468명)'; no 유·초등 date in 추진 일정":
        "과정명은 '신규임용예정교사 직무연수: 유·초등(3과정 468명)'에서 만듦; 추진 일정에 유·초등 날짜가 없음",
    "title composed from '신규임용예정교사 직무연수: … 중등(1과정 800명)'":
        "과정명은 '신규임용예정교사 직무연수: … 중등(1과정 800명)'에서 만듦",
    "title composed from '복직교사 역량강화 직무연수: 유·초등(4과정 600명)'":
        "과정명은 '복직교사 역량강화 직무연수: 유·초등(4과정 600명)'에서 만듦",
    "title composed from '복직교사 역량강화 직무연수: … 중등(2과정 400명)'; 추진 일정 calls it '중등 복직예정교사 직무연수' (line 2954)":
        "과정명은 '복직교사 역량강화 직무연수: … 중등(2과정 400명)'에서 만듦; 추진 일정에는 '중등 복직예정교사 직무연수' (2954행)",
    "title composed from '서울학습연구년 특별연수: 초등(2과정 304명)'; sabbatical-type special training":
        "과정명은 '서울학습연구년 특별연수: 초등(2과정 304명)'에서 만듦; 연구년형 특별연수",
    "title composed from '서울학습연구년 특별연수: … 중등(2과정 196명)'":
        "과정명은 '서울학습연구년 특별연수: … 중등(2과정 196명)'에서 만듦",
    "개선사항: '[원격] 새내기 역량 강화 직무연수 확대' (line 2905)":
        "개선사항: '[원격] 새내기 역량 강화 직무연수 확대' (2905행)",
    '1~2기; 105h per 기 (체계표); HOW TO 서울교육 학교현장방문 실습(사전 OJT) 확대':
        '1~2기; 기수마다 105시간 (체계표); HOW TO 서울교육 학교현장방문 실습(사전 OJT) 확대',
    '15 기본역량 과정(입직·성장·발전·심화기) share one schedule line':
        '기본역량 15과정(입직·성장·발전·심화기)이 추진 일정 한 행을 함께 씀',
    'shared schedule line 3195-3197':
        '추진 일정 3195~3197행을 함께 씀',
    '공통직무 49h (체계표)':
        '공통직무 49시간 (체계표)',
    '56h (체계표)':
        '56시간 (체계표)',
    '70h (체계표)':
        '70시간 (체계표)',
    '21h per 기 (체계표)':
        '기수마다 21시간 (체계표)',
    'not counted in [초등] 추진 목표 (8과정 280명 = 회계·시설 4 + 인사실무 4)':
        '[초등] 추진 목표(8과정 280명 = 회계·시설 4 + 인사실무 4)에는 포함되지 않음',
    'not counted in [초등] 추진 목표':
        '[초등] 추진 목표에는 포함되지 않음',
    '[중등][확대] 중등 신규 임용 교장(감) 4과정 400명 – now includes newly appointed private-school principals (사립)':
        '[중등][확대] 중등 신규 임용 교장(감) 4과정 400명 – 새로 임용된 사립학교 교장(감)도 포함',
    '[확대] includes private-school vice-principals (사립)':
        '[확대] 사립학교 교감도 포함',
    'schedule line groups 교장(감) (line 3386)':
        '추진 일정은 교장(감)을 묶어 적음 (3386행)',
    '[교행][신규]; 42h (21h×2기) in 생애주기 체계표':
        '[교행][신규]; 생애주기 체계표에 42시간(21시간×2기)',
    'MANDATORY (필수 교육) for new private-school admin staff (line 3481)':
        '사립학교 신규 행정직원 필수 교육 (3481행)',
    '임용 전 (before appointment)':
        '임용 전',
    "sub-row of '수준별 생애주기 교육(직무역량): 25과정 2,234명'":
        "'수준별 생애주기 교육(직무역량): 25과정 2,234명'의 세부 행",
    'sub-row of the 25과정 2,234명 line; 심화 level is new in 2021 (기본→기본·심화)':
        '25과정 2,234명 행의 세부 행; 심화 단계는 2021년 신설 (기본→기본·심화)',
    'sub-row of the 25과정 2,234명 line':
        '25과정 2,234명 행의 세부 행',
    "공모형+찾아가는 연수원 맞춤식 (school-based, 'customized service')":
        '공모형+찾아가는 연수원 맞춤식 (학교 단위 맞춤 운영)',
    '공모형 = school-designed plan, selected by competition':
        '공모형: 학교가 세운 계획을 공모로 선정',
    '직무상설 아카데미 기본 교육과정 (year-round routine school admin work)':
        '직무상설 아카데미 기본 교육과정 (연중 학교 행정 기본 업무)',
    "직무상설 아카데미 플러스 교육과정: '맞춤형 직무플러스 교육과정 신규 개설' (line 3762); specific topics, 심화 및 분반":
        "직무상설 아카데미 플러스 교육과정: '맞춤형 직무플러스 교육과정 신규 개설' (3762행); 주제별 심화 및 분반",
    "self-directed on-demand lectures chosen by keyword ('언제 어디서나'); '교육과정 확대' (line 3765-3766); counts not given; delivery inferred":
        "키워드로 골라 듣는 자기주도 상시 강의('언제 어디서나'); '교육과정 확대' (3765~3766행); 과정 수·인원은 없음; 운영 방식은 추정",
    'parents of 유·초·중등 students; 2021 budget = 재배정':
        '유·초·중등 학부모 대상; 2021년 예산: 재배정',
    'UMBRELLA: the thematic [원격] items in tasks 1-1…4-2 (sum 856과정 92,000명) are this programme – do not add them to it; run as 상시과정 in 4 quarters':
        '묶음 행: 실천과제 1-1…4-2의 주제별 [원격] 항목(합계 856과정 92,000명)이 곧 이 사업이므로 더하지 않음; 4분기 상시과정으로 운영',
    '개선사항 (line 4149) says 140과정 6,200명 – conflict 6,200 vs 6,400; schools pick 2~3차시 modules to build a 10~15차시 course':
        '개선사항(4149행)에는 140과정 6,200명 – 6,200명과 6,400명이 맞지 않음; 학교가 2~3차시 모듈을 골라 10~15차시 과정을 구성',
    'outsourced (위탁운영): English, Chinese, Japanese, special foreign languages; 공인중개사, 한국사 능력, 사회복지사 etc.':
        '위탁운영: 영어, 중국어, 일본어, 특수 외국어; 공인중개사, 한국사 능력, 사회복지사 등',
    'UMBRELLA: together with the 345 외국어·자격증 과정 it equals the sum of all [교행원격] rows of tasks 1-2…4-2 (555과정 36,600명) – do not double count':
        '묶음 행: 외국어·자격증 345과정과 합치면 실천과제 1-2…4-2의 [교행원격] 행 전체(555과정 36,600명)와 같음 – 두 번 세지 않음',
    'UMBRELLA (see above)':
        '묶음 행 (위 항목 참고)',
    "same courses summarised in 1-1 ('Teaching Practice, Start Up, Step Up' 18과정 360명)":
        "1-1에 같은 과정이 요약되어 있음 ('Teaching Practice, Start Up, Step Up' 18과정 360명)",
    'see 1-1':
        '1-1 참고',
    'see 1-1; 40명 for 6과정 looks low (possible typo)':
        '1-1 참고; 6과정에 40명은 적어 보임 (오기일 수 있음)',
    '단위학교 영어교육활동 지원 (probably for students, not teachers)':
        '단위학교 영어교육활동 지원 (교원이 아니라 학생 대상으로 보임)',
    'DUPLICATE of 1-1 row (same course)':
        '1-1 행과 같은 과정 (중복 기재)',
    'counted in 과목 (subjects) not 과정; part of 3-2 중등 1급 정교사 자격연수 taught with native-speaker assistants':
        '과정이 아니라 과목 단위로 셈; 원어민 보조교사와 함께 하는 3-2 중등 1급 정교사 자격연수의 일부',
}

FLAG_BASIS: dict[str, str] = {
    "확대 (unbracketed)": "확대 (괄호 없이 표기)",
    "신규 (unbracketed)": "신규 (괄호 없이 표기)",
}


def has_latin(text: str) -> bool:
    """True when ``text`` has Latin letters besides the names the plan prints in them."""
    for name in PLAN_NAMES:
        text = text.replace(name, "")
    return bool(_LATIN.search(text))


def korean(text: str, table: dict[str, str] = KOREAN_NOTES) -> str | None:
    """The note as users see it: Korean as it is, an English one translated, or None for an
    English note with no translation yet (left out rather than shown in English)."""
    text = (text or "").strip()
    if not has_latin(text):
        return text
    return table.get(text)
