"""Grading: answer sheets, scoring, the gradebook, item statistics and reports."""
