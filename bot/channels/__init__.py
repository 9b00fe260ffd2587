"""The public channels: web widget, SMS (Twilio) and Telegram, and how replies render on each."""
