"""The report dialog: dialog.py registers it, flow.py orders the questions, ops.py does what each
button asks, view.py renders the cards, draft.py is what the dialog has gathered.
"""
