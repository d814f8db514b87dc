-- django-migration: auth 0001_initial
-- The tables of Django's contenttypes, auth, admin and sessions apps, exactly as Django 3.2 makes
-- them on PostgreSQL: `manage.py sqlmigrate APP MIGRATION` for each migration, in the order
-- Django applies them (BEGIN/COMMIT and comments left out). Users live in auth_user, as in
-- Django, so either can serve the other's users. A database where Django has applied
-- auth 0001_initial already has them: there this migration is adopted, not run (the first line).
-- Django: contenttypes 0001_initial
CREATE TABLE "django_content_type" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(100) NOT NULL, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
ALTER TABLE "django_content_type" ADD CONSTRAINT "django_content_type_app_label_model_76bd3d3b_uniq" UNIQUE ("app_label", "model");

-- Django: auth 0001_initial
CREATE TABLE "auth_permission" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(50) NOT NULL, "content_type_id" integer NOT NULL, "codename" varchar(100) NOT NULL);
CREATE TABLE "auth_group" ("id" serial NOT NULL PRIMARY KEY, "name" varchar(80) NOT NULL UNIQUE);
CREATE TABLE "auth_group_permissions" ("id" bigserial NOT NULL PRIMARY KEY, "group_id" integer NOT NULL, "permission_id" integer NOT NULL);
CREATE TABLE "auth_user" ("id" serial NOT NULL PRIMARY KEY, "password" varchar(128) NOT NULL, "last_login" timestamp with time zone NOT NULL, "is_superuser" boolean NOT NULL, "username" varchar(30) NOT NULL UNIQUE, "first_name" varchar(30) NOT NULL, "last_name" varchar(30) NOT NULL, "email" varchar(75) NOT NULL, "is_staff" boolean NOT NULL, "is_active" boolean NOT NULL, "date_joined" timestamp with time zone NOT NULL);
CREATE TABLE "auth_user_groups" ("id" bigserial NOT NULL PRIMARY KEY, "user_id" integer NOT NULL, "group_id" integer NOT NULL);
CREATE TABLE "auth_user_user_permissions" ("id" bigserial NOT NULL PRIMARY KEY, "user_id" integer NOT NULL, "permission_id" integer NOT NULL);
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_codename_01ab375a_uniq" UNIQUE ("content_type_id", "codename");
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_2f476e4b_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE INDEX "auth_group_name_a6ea08ec_like" ON "auth_group" ("name" varchar_pattern_ops);
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" UNIQUE ("group_id", "permission_id");
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE INDEX "auth_user_username_6821ab7c_like" ON "auth_user" ("username" varchar_pattern_ops);
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_group_id_94350c0c_uniq" UNIQUE ("user_id", "group_id");
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_user_id_6a12ed8b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_groups" ADD CONSTRAINT "auth_user_groups_group_id_97559544_fk_auth_group_id" FOREIGN KEY ("group_id") REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" UNIQUE ("user_id", "permission_id");
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permissions_user_id_a95ead1b_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "auth_user_user_permissions" ADD CONSTRAINT "auth_user_user_permi_permission_id_1fbb5f2c_fk_auth_perm" FOREIGN KEY ("permission_id") REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");

-- Django: admin 0001_initial
CREATE TABLE "django_admin_log" ("id" serial NOT NULL PRIMARY KEY, "action_time" timestamp with time zone NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL, "user_id" integer NOT NULL);
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_content_type_id_c4bce8eb_fk_django_co" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_user_id_c564eba6_fk_auth_user_id" FOREIGN KEY ("user_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");

-- Django: admin 0002_logentry_remove_auto_add

-- Django: admin 0003_logentry_add_action_flag_choices

-- Django: contenttypes 0002_remove_content_type_name
ALTER TABLE "django_content_type" ALTER COLUMN "name" DROP NOT NULL;
ALTER TABLE "django_content_type" DROP COLUMN "name" CASCADE;

-- Django: auth 0002_alter_permission_name_max_length
ALTER TABLE "auth_permission" ALTER COLUMN "name" TYPE varchar(255);

-- Django: auth 0003_alter_user_email_max_length
ALTER TABLE "auth_user" ALTER COLUMN "email" TYPE varchar(254);

-- Django: auth 0004_alter_user_username_opts

-- Django: auth 0005_alter_user_last_login_null
ALTER TABLE "auth_user" ALTER COLUMN "last_login" DROP NOT NULL;

-- Django: auth 0006_require_contenttypes_0002

-- Django: auth 0007_alter_validators_add_error_messages

-- Django: auth 0008_alter_user_username_max_length
ALTER TABLE "auth_user" ALTER COLUMN "username" TYPE varchar(150);

-- Django: auth 0009_alter_user_last_name_max_length
ALTER TABLE "auth_user" ALTER COLUMN "last_name" TYPE varchar(150);

-- Django: auth 0010_alter_group_name_max_length
ALTER TABLE "auth_group" ALTER COLUMN "name" TYPE varchar(150);

-- Django: auth 0011_update_proxy_permissions

-- Django: auth 0012_alter_user_first_name_max_length
ALTER TABLE "auth_user" ALTER COLUMN "first_name" TYPE varchar(150);

-- Django: sessions 0001_initial
CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" timestamp with time zone NOT NULL);
CREATE INDEX "django_session_session_key_c0390e0f_like" ON "django_session" ("session_key" varchar_pattern_ops);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");

-- Django's record of the migrations above, so `manage.py migrate` on this database creates
-- nothing again (it still adds content types and permissions, as after any migrate).
INSERT INTO "django_migrations" ("app", "name", "applied") VALUES
  ('contenttypes', '0001_initial', now()),
  ('auth', '0001_initial', now()),
  ('admin', '0001_initial', now()),
  ('admin', '0002_logentry_remove_auto_add', now()),
  ('admin', '0003_logentry_add_action_flag_choices', now()),
  ('contenttypes', '0002_remove_content_type_name', now()),
  ('auth', '0002_alter_permission_name_max_length', now()),
  ('auth', '0003_alter_user_email_max_length', now()),
  ('auth', '0004_alter_user_username_opts', now()),
  ('auth', '0005_alter_user_last_login_null', now()),
  ('auth', '0006_require_contenttypes_0002', now()),
  ('auth', '0007_alter_validators_add_error_messages', now()),
  ('auth', '0008_alter_user_username_max_length', now()),
  ('auth', '0009_alter_user_last_name_max_length', now()),
  ('auth', '0010_alter_group_name_max_length', now()),
  ('auth', '0011_update_proxy_permissions', now()),
  ('auth', '0012_alter_user_first_name_max_length', now()),
  ('sessions', '0001_initial', now());
