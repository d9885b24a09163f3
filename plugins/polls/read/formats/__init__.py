"""The form tools whose exports are read directly (Google Forms, SurveyMonkey, Microsoft Forms)."""
