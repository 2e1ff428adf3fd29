/** What an injection pattern tries to do. */
export type InjectionCategory =
  'override' | 'role-change' | 'prompt-leak' | 'chat-markup' | 'exfiltration' | 'fence-break' | 'hidden-text';

export interface InjectionPattern {
  /** Stable id, logged and returned with a hit. */
  id: string;
  category: InjectionCategory;
  /** How strongly one hit alone suggests an attack (0..1); hits combine as independent evidence. */
  weight: number;
  /** A regex source without capturing groups, ASCII only; matched case-insensitively (no `u` flag) on NFKC-folded text. */
  source: string;
}

const W = '[^.!?\\n]'; // within one sentence

/**
 * Phrases of known prompt-injection attacks (OWASP LLM01, published jailbreak corpora, indirect injections
 * found in web pages and documents). Weights are set so one unambiguous phrase ("ignore all previous
 * instructions") crosses the default threshold of 0.5 alone, while phrases ordinary prose also uses
 * ("pretend to be") need company.
 */
export const INJECTION_PATTERNS: InjectionPattern[] = [
  {
    id: 'ignore-instructions',
    category: 'override',
    weight: 0.9,
    source: `\\b(?:ignore|disregard|forget|override|bypass|neglect|skip)\\b${W}{0,40}?\\b(?:all|any|the|your|these|those|previous|prior|above|earlier|preceding|initial|original|system|safety|developer)\\b${W}{0,30}?\\b(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guardrails|constraints|polic(?:y|ies)|commands?|context)\\b`,
  },
  {
    id: 'new-instructions',
    category: 'override',
    weight: 0.6,
    source: `\\b(?:new|updated|revised|real|actual|true|additional|important)\\s+(?:system\\s+)?(?:instructions?|prompt|rules|task|directives?|orders)\\s*[:\\-]`,
  },
  {
    id: 'from-now-on',
    category: 'override',
    weight: 0.5,
    source: `\\bfrom\\s+now\\s+on\\b${W}{0,40}?\\b(?:you|respond|answer|act|reply|only|always|never)\\b`,
  },
  {
    id: 'instead-say',
    category: 'override',
    weight: 0.4,
    source: `\\binstead\\s*,?\\s+(?:say|respond|reply|answer|output|print|write|tell)\\b`,
  },
  {
    id: 'hide-from-user',
    category: 'override',
    weight: 0.6,
    source: `\\b(?:do\\s+not|don't|never)\\s+(?:tell|inform|mention|reveal\\s+to|let|alert|show)\\b${W}{0,20}?\\buser\\b`,
  },
  {
    id: 'instruction-to-ai',
    category: 'override',
    weight: 0.5,
    source: `\\b(?:note|message|instructions?|attention)\\s+(?:to|for)\\s+(?:the\\s+)?(?:ai|llm|assistant|language\\s+model|chatbot|model|gpt|claude)\\b`,
  },
  {
    id: 'you-are-now',
    category: 'role-change',
    weight: 0.6,
    source: `\\byou\\s+are\\s+(?:now|no\\s+longer)\\b`,
  },
  {
    id: 'act-as-unrestricted',
    category: 'role-change',
    weight: 0.6,
    source: `\\b(?:act|behave|respond|answer)\\s+as\\s+(?:if\\s+you\\s+(?:are|were)\\s+)?(?:an?\\s+)?(?:unrestricted|unfiltered|uncensored|evil|jailbroken|different|new)\\b`,
  },
  { id: 'pretend', category: 'role-change', weight: 0.35, source: `\\bpretend\\s+(?:to\\s+be|you\\s+are)\\b` },
  {
    id: 'jailbreak-mode',
    category: 'role-change',
    weight: 0.6,
    source: `\\b(?:developer|god|jailbreak|dan|unrestricted|evil)\\s+mode\\b|\\bdo\\s+anything\\s+now\\b|\\bjailbr(?:eak|oken)\\b`,
  },
  {
    id: 'reveal-prompt',
    category: 'prompt-leak',
    weight: 0.8,
    source: `\\b(?:reveal|print|show|output|repeat|display|leak|dump|disclose|tell\\s+me)\\b${W}{0,30}?\\b(?:system|initial|hidden|original|secret|developer)\\s+(?:prompt|instructions?|message)`,
  },
  {
    id: 'what-are-your-instructions',
    category: 'prompt-leak',
    weight: 0.5,
    source: `\\bwhat\\s+(?:is|are|were)\\s+your\\s+(?:system\\s+)?(?:instructions|prompt|rules)\\b`,
  },
  {
    id: 'chat-template-token',
    category: 'chat-markup',
    weight: 0.9,
    source: `<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\|>|\\[/?INST\\]|<</?SYS>>`,
  },
  {
    id: 'role-header',
    category: 'chat-markup',
    weight: 0.3,
    source: `(?:^|\\n)[ \\t]*(?:#{1,4}[ \\t]*)?(?:system|assistant)(?:[ \\t]+prompt)?[ \\t]*:`,
  },
  { id: 'role-tag', category: 'chat-markup', weight: 0.5, source: `</?(?:system|instructions?|sys)>` },
  {
    id: 'exfiltrate',
    category: 'exfiltration',
    weight: 0.6,
    source: `\\b(?:send|post|forward|upload|exfiltrate|transmit|email|leak)\\b${W}{0,40}?\\b(?:conversation|chat\\s+history|credentials|api\\s+keys?|passwords?|secrets?|system\\s+prompt|user'?s?\\s+(?:data|information|messages))\\b${W}{0,40}?\\b(?:to|at|via)\\b`,
  },
  {
    id: 'markdown-image-beacon',
    category: 'exfiltration',
    weight: 0.4,
    source: `!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://[^)\\s]{1,200}[?&][^)\\s=]{1,50}=`,
  },
  {
    id: 'fence-break',
    category: 'fence-break',
    weight: 0.5,
    source: `\\b(?:end|begin)\\s+(?:of\\s+)?(?:data|documents?|context|sources?|untrusted\\s+content)\\b\\s*(?:[\\]>#=*-]|$)`,
  },
];

/** Zero-width and bidirectional-control characters: invisible to a reader, used to hide instructions or split words. */
export const HIDDEN_CHARACTERS = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u00AD]/g;
export const HIDDEN_TEXT_WEIGHT = 0.3;
