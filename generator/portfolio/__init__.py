"""The portfolio: every filled template in a folder tree, each judged at its next
gate, with what blocks it, what is overdue and what must be reassessed
(collect.py), its history from git (history.py), and the page, CSV and JSON
made from it (render.py)."""
