"""The hand-computed worked example, shared by the API and the CLI tests.

Three programmes, eight candidates from two junior schools (J1, J2):

* A — public key school: 2 open seats, 指标到校 1 seat for J1 and 1 for J2;
* B — public: 1 open seat;
* C — private: 2 open seats, in the same 统招 batch as the public schools (2023 reform).

Batches: 指标到校 (quota, line 545, one choice) then 统招 (open, 3 choices).
Tie-break: 投档分, then 数学, then 语文, then the final rule. A returns candidate 2025003
in the 指标到校 batch (退档).
"""

from __future__ import annotations

CONFIG_TOML = """
subjects = ["语文", "数学", "英语"]
flags = ["本市户籍"]
bonus_cap = 10

[tie_break]
subjects = ["数学", "语文"]
final = "{final}"

[[batch]]
name = "指标到校"
kind = "quota"
max_choices = 1
min_line = 545

[[batch]]
name = "统招"
kind = "open"
max_choices = 3
"""

# id, junior, total, bonus, 语文, 数学, 英语
CANDIDATES_CSV = """id,junior_school,total,bonus,flags,语文,数学,英语
2025001,J1,600,0,本市户籍,100,120,100
2025002,J1,590,15,本市户籍,110,120,95
2025003,J2,580,0,本市户籍,100,110,100
2025004,J2,570,0,,100,110,100
2025005,J1,560,0,,100,110,90
2025006,J2,555,5,,100,110,95
2025007,J1,550,0,,100,100,100
2025008,J2,540,0,,100,100,100
"""

PROGRAMMES_CSV = """code,name,sector,category,open_seats
A,南昌A中学,public,general,2
B,南昌B中学,public,general,1
C,南昌C民办中学,private,general,2
"""

QUOTAS_CSV = """programme,junior_school,seats
A,J1,1
A,J2,1
"""

PREFERENCES_CSV = """candidate_id,list,rank,programme
2025001,指标到校,1,A
2025002,指标到校,1,A
2025003,指标到校,1,A
2025004,指标到校,1,A
2025008,指标到校,1,A
2025001,统招,1,A
2025001,统招,2,B
2025002,统招,1,A
2025003,统招,1,A
2025003,统招,2,C
2025004,统招,1,A
2025004,统招,2,B
2025004,统招,3,C
2025005,统招,1,B
2025005,统招,2,A
2025006,统招,1,B
2025006,统招,2,C
2025007,统招,1,B
2025007,统招,2,C
2025008,统招,1,C
"""

RETURNS_CSV = """candidate_id,batch,programme
2025003,指标到校,A
"""
