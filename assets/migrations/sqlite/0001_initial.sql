-- The polls tables exactly as Django's polls 0001_initial makes them on SQLite
-- (`manage.py sqlmigrate polls 0001` with DEFAULT_AUTO_FIELD = BigAutoField), so Django can use
-- a database polls created, and polls can adopt one Django created.
CREATE TABLE "polls_question" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "question_text" varchar(200) NOT NULL,
  "pub_date" datetime NOT NULL
);
CREATE TABLE "polls_choice" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "choice_text" varchar(200) NOT NULL,
  "votes" integer NOT NULL,
  "question_id" bigint NOT NULL REFERENCES "polls_question" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "polls_choice_question_id_c5b4b260" ON "polls_choice" ("question_id");

-- Django's own record of applied migrations, so `manage.py migrate` on this database knows the
-- polls tables exist and does not try to create them again.
CREATE TABLE IF NOT EXISTS "django_migrations" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "app" varchar(255) NOT NULL,
  "name" varchar(255) NOT NULL,
  "applied" datetime NOT NULL
);
INSERT INTO "django_migrations" ("app", "name", "applied")
  VALUES ('polls', '0001_initial', strftime('%Y-%m-%d %H:%M:%f', 'now'));
