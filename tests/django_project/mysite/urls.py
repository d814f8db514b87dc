"""URL table of the reference project: the admin and the polls app, as in the tutorial."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path('polls/', include('polls.urls')),
    path('admin/', admin.site.urls),
]
