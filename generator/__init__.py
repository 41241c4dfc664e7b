"""Checklist generator for the AI pilot-to-production playbook."""
