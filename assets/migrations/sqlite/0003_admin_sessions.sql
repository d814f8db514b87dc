-- polls' own tables for the admin site (Django has no equivalent to adopt): sessions and failed
-- logins. Both live in the database so that any replica can serve any request and a login
-- throttle holds across replicas. Rows go with their user (ON DELETE CASCADE), so Django's admin
-- can still delete a user who has logged into polls.
CREATE TABLE "polls_session" (
  "key_hash" varchar(64) NOT NULL PRIMARY KEY,  -- SHA-256 of the cookie: a leaked table logs nobody in
  "user_id" integer NOT NULL REFERENCES "auth_user" ("id") ON DELETE CASCADE,
  "auth_hash" varchar(64) NOT NULL,  -- HMAC of the password hash: a password change ends the session
  "created" datetime NOT NULL,
  "expire_date" datetime NOT NULL,
  "message" text NULL  -- shown once on the next admin page ("The question ... was added.")
);
CREATE INDEX "polls_session_expire_date" ON "polls_session" ("expire_date");
CREATE INDEX "polls_session_user_id" ON "polls_session" ("user_id");
CREATE TABLE "polls_login_failure" (
  "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "username" varchar(150) NOT NULL,
  "address" varchar(64) NOT NULL,
  "failed_at" datetime NOT NULL
);
CREATE INDEX "polls_login_failure_username" ON "polls_login_failure" ("username", "failed_at");
CREATE INDEX "polls_login_failure_address" ON "polls_login_failure" ("address", "failed_at");
