-- django-migration: auth 0001_initial
-- The tables of Django's contenttypes, auth, admin and sessions apps, exactly as Django 3.2 leaves
-- them on SQLite after `manage.py migrate` (the statements SQLite keeps in sqlite_master; Django
-- rebuilds a table for each ALTER there, so the final form is what it makes). Users live in
-- auth_user, as in Django, so either can serve the other's users. A database where Django has
-- applied auth 0001_initial already has them: there this migration is adopted, not run (the
-- first line).
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL);
CREATE TABLE "auth_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id");
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE TABLE "auth_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" ON "auth_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action_time" datetime NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0));
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");
CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");

-- Django's record of the migrations above, so `manage.py migrate` on this database creates
-- nothing again (it still adds content types and permissions, as after any migrate).
INSERT INTO "django_migrations" ("app", "name", "applied") VALUES
  ('contenttypes', '0001_initial', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0001_initial', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('admin', '0001_initial', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('admin', '0002_logentry_remove_auto_add', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('admin', '0003_logentry_add_action_flag_choices', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('contenttypes', '0002_remove_content_type_name', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0002_alter_permission_name_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0003_alter_user_email_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0004_alter_user_username_opts', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0005_alter_user_last_login_null', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0006_require_contenttypes_0002', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0007_alter_validators_add_error_messages', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0008_alter_user_username_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0009_alter_user_last_name_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0010_alter_group_name_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0011_update_proxy_permissions', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('auth', '0012_alter_user_first_name_max_length', strftime('%Y-%m-%d %H:%M:%f', 'now')),
  ('sessions', '0001_initial', strftime('%Y-%m-%d %H:%M:%f', 'now'));
