"""The chapters of ``make demo``: one government story, each chapter a module."""
