"""What the app does, with no widgets: policy, cases, photos, sync, receipts."""
