"""Code that runs inside the Rasa server (.venv-rasa): a custom NLU component and a channel."""
