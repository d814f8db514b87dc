"""Database helpers of scripts/bench and scripts/callgrind (Python stdlib only: sqlite3).

    db.py seed DB        fills a database that `polls migrate` made: 20 questions, 4 choices each
    db.py copy SRC DST   copies a database with SQLite's backup API (safe with WAL)
    db.py votes DB       prints the total of polls_choice.votes
    db.py choices DB Q   prints the ids of question Q's choices, space-separated
    db.py sql DB         prints the SQL (for psql) that gives a PostgreSQL database `polls
                         migrate` made the same questions and choices as DB: same ids, texts,
                         dates and votes (the dates as UTC), and the id sequences moved past them
"""
import datetime
import sqlite3
import sys

from commands import dispatch

QUESTIONS = 20
CHOICES = 4


def seed(path):
    con = sqlite3.connect(path)
    with con:
        if con.execute("SELECT count(*) FROM polls_question").fetchone()[0]:
            sys.exit(f"{path}: polls_question is not empty; seed a fresh database")
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        for n in range(1, QUESTIONS + 1):
            # Question 1 is the oldest, question 20 the newest; all published in the past, so
            # every one has a detail page and /polls/ lists the newest five.
            pub_date = now - datetime.timedelta(hours=QUESTIONS + 1 - n)
            cur = con.execute(
                "INSERT INTO polls_question (question_text, pub_date) VALUES (?, ?)",
                (f"Benchmark question {n}: which one?", pub_date.strftime("%Y-%m-%d %H:%M:%S.%f")))
            for c in range(1, CHOICES + 1):
                con.execute(
                    "INSERT INTO polls_choice (choice_text, votes, question_id) VALUES (?, 0, ?)",
                    (f"Choice {c} of question {n}", cur.lastrowid))
    con.close()


def copy(src, dst):
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst)
    with target:
        source.backup(target)
    source.close()
    target.close()


def votes(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    total = con.execute("SELECT coalesce(sum(votes), 0) FROM polls_choice").fetchone()[0]
    con.close()
    print(total)


def choices(path, question):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    ids = [str(row[0]) for row in con.execute(
        "SELECT id FROM polls_choice WHERE question_id = ? ORDER BY id", (int(question),))]
    con.close()
    print(" ".join(ids))


def sql_text(value):
    return "'" + str(value).replace("'", "''") + "'"


def sql(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    questions = con.execute(
        "SELECT id, question_text, pub_date FROM polls_question ORDER BY id").fetchall()
    choices_ = con.execute(
        "SELECT id, choice_text, votes, question_id FROM polls_choice ORDER BY id").fetchall()
    con.close()
    if not questions:
        sys.exit(f"{path}: no questions to copy")
    out = ["\\set ON_ERROR_STOP on", "BEGIN;", "DO $$ BEGIN",
           "  IF EXISTS (SELECT 1 FROM polls_question) THEN",
           "    RAISE EXCEPTION 'polls_question is not empty; seed a fresh database';",
           "  END IF;", "END $$;",
           "INSERT INTO polls_question (id, question_text, pub_date) VALUES"]
    # The SQLite dates are UTC text (YYYY-MM-DD HH:MM:SS[.ffffff]), as Django stores them.
    out.append(",\n".join(f"  ({q}, {sql_text(text)}, {sql_text(date + '+00')})"
                          for q, text, date in questions) + ";")
    out.append("INSERT INTO polls_choice (id, choice_text, votes, question_id) VALUES")
    out.append(",\n".join(f"  ({c}, {sql_text(text)}, {int(votes)}, {q})"
                          for c, text, votes, q in choices_) + ";")
    for table in ("polls_question", "polls_choice"):
        out.append(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                   f"(SELECT max(id) FROM {table}));")
    out.append("COMMIT;")
    print("\n".join(out))


def main(argv):
    commands = {"seed": (seed, 1), "copy": (copy, 2), "votes": (votes, 1), "choices": (choices, 2),
                "sql": (sql, 1)}
    dispatch(commands, argv, __doc__)


if __name__ == "__main__":
    main(sys.argv)
