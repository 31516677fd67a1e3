#!/bin/sh
AWS_PROFILE=sandbox aws s3 cp seed.json s3://acme-dev-seed/
gcloud config set project acme-shop-dev
