<?php

return [
    'connections' => [
        'mysql' => [
            // env() with a default: production sets DB_PASSWORD.
            'password' => env('DB_PASSWORD', 'secret-dev-fallback'),
            'host' => env('DB_HOST', '127.0.0.1'),
        ],
    ],
];
