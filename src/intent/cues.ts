import type { Task, Topic } from '../engine/index.js';
import type { IntentName } from './schema.js';

/**
 * The words that signal each intent, task and topic. Text is lowercase, without apostrophes
 * ("whats", "dont"). Each intent cue carries a weight; the classifier adds them up.
 */
export type Cue = [RegExp, number];

export const INTENT_CUES: Partial<Record<IntentName, Cue[]>> = {
  help: [
    [/^(help|commands|usage|h|\?)$/, 6],
    [/\bhelp\b/, 2],
    [/\bcommands?\b|\bcheat ?sheet\b|\bsyntax\b|\busage\b|\bmanual\b|\bdocs for (this|the) bot\b/, 3],
    [
      /\b(arguments|args|options|flags|parameters)\b[^.]{0,40}\b(bot|ftcost|command|take|accept|valid)\b|\b(valid|accepted) (arguments|args|options|flags)\b/,
      4,
    ],
    [/\bwhat can i (type|ask|say|do)\b|\bsample (queries|questions|prompts)\b|\bwhat features\b|\bfeatures do you\b/, 4],
    [/\b(questions|things) (are you|can you|do you) (able to )?(answer|handle|do)\b|\bwhat (are you|can you) (able to )?(answer|do)\b/, 4],
    [/\bwhat can (you|i|this bot|it) (do|answer|ask)\b|\bwhat (kinds? of )?(things|questions|stuff) can (i|you|we)\b/, 4],
    [/\bhow (do|can|should) (i|we) (use|talk to|ask|phrase|query)\b|\bhow (to|do i) (use|talk to) (this|you|the bot|ftcost|it)\b/, 4],
    [
      /\b(supposed|meant) to (type|ask|say)\b|\bwhat (do|should) i type\b|\bexamples? of how\b|\b(quick )?tour\b|\bgetting started\b|\bhow does this (bot|thing) work\b/,
      4,
    ],
  ],
  pin: [[/\bpin(s|ned|ning)?\b/, 10]],
  settings: [
    [/\bsettings?\b|\bconfig(ured|uration)?\b/, 3],
    [
      /\bdefault (provider|cloud)\b|\bby default\b|\bas (our |the )?default\b|\bdefault(ing)? to\b|\bmake \S+ (our|the) default\b|\bgo[\s-]to provider\b|\bgoing forward\b/,
      4,
    ],
    [/\b(engineering|eng|engineer) (rate|cost)\b|\bhourly rate\b/, 3],
  ],
  prices: [
    [/\bprices?\b|\bpricing\b|\bprice (list|table)\b|\blist price\b/, 3],
    [
      /\bper[\s-](gpu[\s-]?)?h(ou)?r\b|\/\s?h(ou)?r\b|\bmenu\b|\bgpu[\s-]hours?\b|\bhourly\b|\bgoing (rate|for)\b|\bcharg(e|es|ing)\b|\brates?\b|\bbill(s|ed|ing)?\b/,
      2,
    ],
    [/\brent(al|ing)?\b|\bcheapest\b|\binstances?\b|\byou know of\b/, 1],
  ],
  explain: [
    [/^(what|whats)\s+(is|are|does|do|exactly|gets)\b|\bwhat (is|are) (it|they|that)\b|\bwhat \S+ is\b/, 3],
    [/^(what|whats)\b|^where (does|do|is)\b/, 2],
    [/\b(explain|expalin|explian|exlpain)\b|\beli5\b/, 5],
    [
      /\bwhat formula\b|\bfactor into\b|\bcan \S+ (\S+ )?be (merged|used|combined|stacked)\b|\bcompared (with|to) (plain|updating|regular)\b/,
      3,
    ],
    [/\bremind me\b|\btell me (about|more)\b|\bwalk me through\b|\bmeaning\b/, 3],
    [/\bhow much (quality|accuracy)\b|\b(lose|lost|give up)\b/, 3],
    [/^(why|how come)\b|\bwhy (is|are|does|do)\b/, 3],
    [/^how (does|do|did)\b.*\bwork|\bhow does\b.*\b(work|save|help|reduce|cut)\b|\bhow do you get\b/, 3],
    [
      /\bwhat does .* (mean|control|do)\b|\b(practical )?difference\b|\bactually (match|control|work)\b|\bwhats the (catch|math|case)\b|\bthe case for\b/,
      2,
    ],
    [
      /\bhonest question\b|\bin practice\b|\bdo all the\b|\bdoes \S+ (hurt|help|matter)\b|\bbreak[\s-]?even\b|\bwhat else\b|\bleft out\b|\b(typically|usually) (gets|get|is|are)\b/,
      2,
    ],
    [/\?/, 1],
  ],
  recommend: [
    [
      /\bshould (we|i|our team|my team)\b|\bwhich (approach|method|technique|one|option|way|route|path|tuning \S+)\b|\bwhat (approach|method|technique|route)\b/,
      4,
    ],
    [
      /\brec+om+end|\bsuggest|\bsmart play\b|\bopening move\b|\bhow should (we|i) (tune|approach|do|go about)\b|\bbest way to (tune|fine[\s-]?tune|adapt|train)\b|\bwhich method\b|\badvice\b|\badvise\b|\bwould you (use|do|pick|go with|choose|steer)\b|\bthoughts on (the )?(method|approach)\b|\bsteer us\b/,
      4,
    ],
    [/\bsensible\b|\bpenny[\s-]wise\b|\bsmart (play|move|choice)\b|\bwhich (fine[\s-]?tuning )?route\b/, 4],
    [
      /\bworth it\b|\bgood enough\b|\bmakes? (the most )?sense\b|\boverkill\b|\bhelp me (choose|decide|pick)\b|\bdo we need\b|\bor is \S+ enough\b/,
      3,
    ],
    [/\bjustifiable\b|\bdefensible\b|\bgood idea\b|\bbest technique\b|\bmethod fits\b|\bworth it\b|\bgood enough\b|\boverkill\b/, 2],
    [
      /\b(full|fully|full weights|full[\s-]param\w*) or (adapters?|lora|qlora|peft)\b|\b(adapters?|adapter[\s-]based|peft) or (full|fully|full weights)\b/,
      4,
    ],
    [/\b(method|approach|technique)\s*$/, 3],
    [/\bwhich is better\b|\bbest (approach|method|option)\b|\bpick\b|\bchoose\b|\bgo with\b/, 2],
  ],
  compare: [
    [/\bcompar(e|ing|ison)\b|\bvs\.?\b|\bversus\b|\bside[\s-]by[\s-]side\b|\bnext to each other\b|\bline (them )?up\b|\bstack up\b/, 4],
    [
      /\b(all|the|each of the) (three|3)( methods| approaches| options)?\b|\bthree[\s-]way\b|\ball (methods|approaches|options)\b|\beach method\b|\bacross (the )?(fine[\s-]?tuning )?methods\b|\bhow do (the )?costs differ\b|\bdelta\b|\bgap\b|\bhow far apart\b/,
      3,
    ],
    [/\b(methods|approaches)\b|\bdiffer\b/, 2],
    [/\bcontrast\b|\btabulate\b|\bspread across\b|\bthree[\s-]column\b|\bevery method\b|\beach approach\b/, 4],
    [
      /\bhow much more\b|\b(price|cost) difference\b|\b\d+x the (price|cost)\b|\bmore (expensive|costly) than\b|\bcheaper than\b|\bhow many times (cheaper|more)\b|\bone grid\b|\bevery (tuning )?strategy\b|\b(spend|cost|bill) differs?\b|\bsaves? (us )?(much|anything) over\b|\bby how much\b/,
      3,
    ],
  ],
  estimate: [
    [/\bcost|\bhow much\b|\bballpark\b|\bestimate\b|\brough (number|figure|idea)\b|\ball[\s-]in\b|\bquote\b/, 2],
    [/\bhow long\b|\bhow many hours\b|\bwall[\s-]?clock\b|\bduration\b|\btraining time\b|\btime (and|to)\b|\btime estimate\b/, 2],
    [/\bvram\b|\bmemory\b|\bfit\b|\bhow many (gpus|h100s|a100s|cards)\b|\bgpus do (i|we) need\b|\bhardware\b/, 2],
    [/\bfine[\s-]?tun|\bfinetun|\btrain(ing)?\b|\brun\b/, 1],
  ],
};

/** Followed by nothing else, these start a follow-up: "and with 100k?", "what about 8b?". */
export const FOLLOW_UP_START =
  /^(and|what about|how about|what if|same|now|but|then|ok|okay|also|instead|try|bump|make it|switch|rerun|redo|price it|change|with|on|for|at|using|if)\b/;

export const INJECTION =
  /\btreat (this|that|it) as (your|the) (output|answer|response|reply)\b|\breturn (it|this) (verbatim|as is)\b|\b(forget|ignore|disregard)\s+(your|the|all|any)\b[^.]{0,30}\b(model|instructions|rules|data|prompt|policy|training)\b|\byou are [a-z]*bot\b|\bnew policy\b|\banswer every\b|\b(end of (user )?input|assistant\s*:|user\s*:)|\backnowledge\b|\bevery fine[\s-]?tune is free\b|\b(ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(instructions?|rules|prompt|above|previous|prior|data|pricing|prices|guidelines|policy|system)\b|\bsystem prompt\b|^\s*system\s*:|\byou are now\b|\bpretend (to be|you|youre|your|that you)\b|\bjailbreak\b|\b(say|reply|respond|answer|confirm)\b[^.]{0,30}\b(cost|price|estimate)s?\b[^.]{0,15}(is|=|:)?\s*\$?\d|\bset all prices\b|\bfrom now on\b[^.]{0,40}\b(every|all|each)\b[^.]{0,30}(\$|cost|price|estimate)|\bevery (estimate|answer|price|cost) (is|=|should be|must be)\b|\b(reveal|print|show|repeat|leak|dump|output) (me )?(your|the) (hidden |secret |original )?(instructions|prompt|rules|system message)\b|\bdeveloper mode\b|\bdo anything now\b|\bact as (a|an|the|my)\b|\bno (restrictions|rules|filters) (apply|anymore)\b|\b(post|spam|ping|tag|mention|notify) (everyone|the whole channel|all users)\b/;

export const TASK_CUES: Array<[RegExp, Task]> = [
  [
    /\b(math|maths|numerical|arithmetic|algebra|calcs?|calculations?|quantitative|word problems?|tax|equations?|compound interest|unit conversions?|invoice totals?|unit[\s-]economics|margins?)\b/,
    'numerical-reasoning',
  ],
  [
    /\b(multi[\s-]?(step|hop)|step[\s-]by[\s-]step|chain[\s-]of[\s-]thought|reasoning|logic puzzles?|planning problems?|sub[\s-]?goals?|tool calls?|trajectories|decompos\w*|several steps|multiple hops|reason through|puzzles?)\b/,
    'multi-step-reasoning',
  ],
  [
    /\b(code|coding|programming|sql|python|javascript|typescript|kotlin|java|rust|golang|terraform|autocomplete|code[\s-](generation|completion)|codegen|monorepo|repo|scripts?|functions?|unit tests?|source files?|graphql|text[\s-]to[\s-]sql)\b/,
    'code',
  ],
  [
    /\b(instruction[\s-]following|follow instructions|instructions?|obey|do what the prompt says|response rules|word (limits?|caps?)|numbered steps|required sections|formatting rules|output schemas?|length caps?|template|never exceed|honou?r the)\b/,
    'instruction-following',
  ],
  [
    /\b(legal|medical|clinical|pharma\w*|regulatory|filings?|compliance|contracts?|finance|financial|domain|technical writing|scientific|biomedical|insurance|patents?|jargon|terminology|manuals?|maintenance|aerospace|semiconductor|corpus|law|geology|mineral\w*|steeped in)\b/,
    'domain-adaptation',
  ],
  [
    /\b(chat\s?bot|assistant|customer support|support bot|support tickets?|helpdesk|conversational|agent|q ?& ?a bot|faq|\w+ bot)\b/,
    'chatbot',
  ],
  [
    /\b(style|tone|voice|persona|brand voice|casual|friendly|formal|editorial|spelling|house style|read like|narrator|sound (more )?(like|casual|formal|friendly|professional))\b/,
    'style',
  ],
];

export const TOPIC_CUES: Array<[RegExp, Topic]> = [
  [
    /\b(buy|purchase|own|owning|capex)\b[^.]{0,60}\b(rent|renting|rental|cloud|on[\s-]demand)\b|\b(rent|renting|cloud)\b[^.]{0,40}\b(buy|buying|purchase|own|owning)\b|\bcapex\b|\bbreak[\s-]?even\b|\bdepreciation\b|\bcolo\b|\bbuy(ing)? (gpus|hardware|nodes?|servers?)\b|\bdgx\b/,
    'buy-vs-rent',
  ],
  [
    /\bhidden costs?\b|\bengineering (costs?|time)\b|\bleft out\b|\boverheads?\b|\bfully[\s-]burdened\b|\bcompute[\s-]only\b|\bover (the )?(cloud )?estimate\b|\bcosts? nobody\b|\bcosts? (am i|are we|do we|i am|we are) (missing|forgetting)\b|\b(besides|beyond|other than|on top of) (the )?(gpu|compute)\b|\bblows? up\b[^.]{0,30}\bbudget\b|\bdata prep|\bwhats the catch\b|\bline item\b|\bwhat else (ends up )?cost|\bcosts?\b[^.]{0,30}\b(forget|forgot|overlook|overlooked|miss|missed|ignore|underestimate)/,
    'hidden-costs',
  ],
  [/\b(gradient|activation)?\s*check[\s-]?pointing\b|\bgrad[\s-]ckpt\b|\brecomput/, 'gradient-checkpointing'],
  [/\bmfu\b|\butili[sz]ation\b|\bflops (to|into) hours\b|\bflops utili|\bpeak (tflops|flops)\b|\btflops\b/, 'mfu'],
  [/quanti[sz]|qunati[sz]|\bblock ?size\b|\bnf4\b|\b(4|8)[\s-]?bit\b|\bint(4|8)\b/, 'quantization'],
  [
    /\bquality\b|\baccuracy\b|\blose\b|\bworse\b|\bgive up\b|\bpoints\b|\bdegrad|\bbenchmarks?\b|\bmatch (full|a full)\b|\bunderfit|\bforgetting\b/,
    'quality',
  ],
  [/\b(vram|memory)\b|\boptimizer states?\b|\bbytes per param|\bfootprint\b|\badamw?\b/, 'memory'],
  [/\b(lora )?rank\b|\badapters?\b/, 'lora'],
  [/\ball the weights\b|\bevery (weight|parameter)\b/, 'full'],
];
