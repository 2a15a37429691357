"""The central sync service: enrolment, push, photos, pull, review (FastAPI + SQLAlchemy)."""
