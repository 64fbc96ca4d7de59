"""What every area uses to judge an answer: business-language failures, twin answers, headers, polling."""
