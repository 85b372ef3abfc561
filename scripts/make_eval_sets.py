"""Write kow2v/data/eval/ko_analogies.txt from the word pairs below (all ordered pair combinations).

The pairs were written for kow2v by the project (see kow2v/data/eval/README.md); each section's
questions are every ordered combination (p, q) of two different pairs: "p1 p2 q1 q2".
"""

import itertools
from pathlib import Path

SECTIONS = {
    # semantic
    "capital-country": [("서울", "한국"), ("도쿄", "일본"), ("베이징", "중국"), ("워싱턴", "미국"),
                        ("런던", "영국"), ("파리", "프랑스"), ("베를린", "독일"), ("모스크바", "러시아"),
                        ("로마", "이탈리아"), ("마드리드", "스페인"), ("방콕", "태국"),
                        ("하노이", "베트남"), ("카이로", "이집트"), ("오타와", "캐나다")],
    "male-female": [("남자", "여자"), ("아버지", "어머니"), ("아들", "딸"), ("왕", "여왕"),
                    ("남편", "아내"), ("할아버지", "할머니"), ("소년", "소녀"), ("신랑", "신부"),
                    ("남학생", "여학생"), ("왕자", "공주"), ("형제", "자매"), ("아빠", "엄마")],
    "family-generation": [("아버지", "할아버지"), ("어머니", "할머니"), ("아들", "아버지"),
                          ("딸", "어머니"), ("손자", "아들"), ("손녀", "딸"), ("아빠", "할아버지"),
                          ("엄마", "할머니")],
    # syntactic: forms that a whitespace splitter keeps whole and an analyser splits
    "particle-object": [("영화", "영화를"), ("사람", "사람을"), ("배우", "배우를"),
                        ("음악", "음악을"), ("시간", "시간을"), ("친구", "친구를"), ("돈", "돈을"),
                        ("이야기", "이야기를"), ("연기", "연기를"), ("감독", "감독을"),
                        ("노래", "노래를"), ("작품", "작품을")],
    "particle-topic": [("영화", "영화는"), ("사람", "사람은"), ("배우", "배우는"),
                       ("음악", "음악은"), ("스토리", "스토리는"), ("내용", "내용은"),
                       ("연기", "연기는"), ("감독", "감독은"), ("결말", "결말은"),
                       ("작품", "작품은"), ("주인공", "주인공은"), ("마지막", "마지막은")],
    "tense-past": [("본다", "봤다"), ("간다", "갔다"), ("온다", "왔다"), ("먹는다", "먹었다"),
                   ("한다", "했다"), ("웃는다", "웃었다"), ("운다", "울었다"), ("좋다", "좋았다"),
                   ("있다", "있었다"), ("없다", "없었다"), ("재밌다", "재밌었다"),
                   ("슬프다", "슬펐다")],
    "honorific": [("간다", "가신다"), ("온다", "오신다"), ("본다", "보신다"), ("한다", "하신다"),
                  ("읽는다", "읽으신다"), ("웃는다", "웃으신다"), ("산다", "사신다"),
                  ("준다", "주신다"), ("찾는다", "찾으신다"), ("만든다", "만드신다")],
}

lines = []
for name, pairs in SECTIONS.items():
    lines.append(f": {name}")
    for (a, b), (c, d) in itertools.permutations(pairs, 2):
        lines.append(f"{a} {b} {c} {d}")
out = Path(__file__).resolve().parents[1] / "kow2v" / "data" / "eval" / "ko_analogies.txt"
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print({name: len(p) * (len(p) - 1) for name, p in SECTIONS.items()}, len(lines) - len(SECTIONS))
