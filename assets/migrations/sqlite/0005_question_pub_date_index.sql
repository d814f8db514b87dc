-- polls' own index (Django's polls models declare none): the pages list questions by publication
-- date, newest first, up to now (`WHERE pub_date <= now ORDER BY pub_date DESC, id DESC`).
-- Without it every list sorts the whole table; with it the database walks the index backwards
-- from now and stops at the page's end. Django ignores an index it did not make, so its admin and
-- polls app run on as before.
CREATE INDEX "polls_question_pub_date_id" ON "polls_question" ("pub_date", "id");
