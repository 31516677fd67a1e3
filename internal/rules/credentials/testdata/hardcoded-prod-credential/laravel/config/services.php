<?php

return [
    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN'),
        'secret' => 'Shared-Literal-Secret-42', // want "secret is a literal credential in shared config"
    ],
    /* 'legacy' => ['secret' => 'Block-Commented-Secret-3'], */
];
