"""The question bank: the question model, loading quizzes/bank/, generated questions, statistics."""
