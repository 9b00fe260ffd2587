"""Who answers each conversation (assistant or staff), the event hub, and delivery."""
