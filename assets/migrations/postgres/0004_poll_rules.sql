-- polls' own tables for polls people can trust (Django has none of this to adopt). They only
-- refer to Django's polls tables, which stay as Django made them, so Django's admin and polls
-- app still run on a database polls has migrated: a question without a rules row votes as the
-- tutorial's does, and rows here go with their question or choice (ON DELETE), whoever deletes it.
CREATE TABLE "polls_question_rules" (
  "question_id" bigint NOT NULL PRIMARY KEY REFERENCES "polls_question" ("id") ON DELETE CASCADE,
  "voters" varchar(16) NOT NULL CHECK ("voters" IN ('anyone', 'browser', 'staff')),
  "allow_change" bool NOT NULL,
  "closes_at" timestamp with time zone NULL,
  "results" varchar(16) NOT NULL CHECK ("results" IN ('always', 'voted', 'closed'))
);
-- Who voted on what: the unique key is what makes "once" hold, whatever a client sends and
-- however many replicas count. voter is "browser:<hash of the voter cookie>" or "user:<id>".
CREATE TABLE "polls_vote_receipt" (
  "id" bigserial NOT NULL PRIMARY KEY,
  "question_id" bigint NOT NULL REFERENCES "polls_question" ("id") ON DELETE CASCADE,
  "voter" varchar(80) NOT NULL,
  "choice_id" bigint NULL REFERENCES "polls_choice" ("id") ON DELETE SET NULL,
  "voted_at" timestamp with time zone NOT NULL,
  UNIQUE ("question_id", "voter")
);
CREATE INDEX "polls_vote_receipt_choice_id" ON "polls_vote_receipt" ("choice_id");
-- Vote attempts per client address in fixed windows, so every replica counts against one limit.
CREATE TABLE "polls_vote_rate" (
  "address" varchar(64) NOT NULL,
  "window_start" timestamp with time zone NOT NULL,
  "attempts" integer NOT NULL,
  PRIMARY KEY ("address", "window_start")
);
CREATE INDEX "polls_vote_rate_window_start" ON "polls_vote_rate" ("window_start");
