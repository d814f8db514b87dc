-- The polls tables exactly as Django's polls 0001_initial makes them on PostgreSQL
-- (`manage.py sqlmigrate polls 0001`, Django 3.2 with DEFAULT_AUTO_FIELD = BigAutoField, without
-- its BEGIN/COMMIT: polls runs each migration in a transaction), so Django can use a database
-- polls created, and polls can adopt one Django created. The constraint and index names are
-- Django's, hash suffix included.
CREATE TABLE "polls_question" (
  "id" bigserial NOT NULL PRIMARY KEY,
  "question_text" varchar(200) NOT NULL,
  "pub_date" timestamp with time zone NOT NULL
);
CREATE TABLE "polls_choice" (
  "id" bigserial NOT NULL PRIMARY KEY,
  "choice_text" varchar(200) NOT NULL,
  "votes" integer NOT NULL,
  "question_id" bigint NOT NULL
);
ALTER TABLE "polls_choice" ADD CONSTRAINT "polls_choice_question_id_c5b4b260_fk_polls_question_id"
  FOREIGN KEY ("question_id") REFERENCES "polls_question" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "polls_choice_question_id_c5b4b260" ON "polls_choice" ("question_id");

-- Django's own record of applied migrations, so `manage.py migrate` on this database knows the
-- polls tables exist and does not try to create them again (the table as Django 3.2 makes it
-- with DEFAULT_AUTO_FIELD = BigAutoField).
CREATE TABLE IF NOT EXISTS "django_migrations" (
  "id" bigserial NOT NULL PRIMARY KEY,
  "app" varchar(255) NOT NULL,
  "name" varchar(255) NOT NULL,
  "applied" timestamp with time zone NOT NULL
);
INSERT INTO "django_migrations" ("app", "name", "applied")
  VALUES ('polls', '0001_initial', now());
