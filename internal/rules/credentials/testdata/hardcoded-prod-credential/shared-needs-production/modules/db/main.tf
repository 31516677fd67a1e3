# A module library in a layout directory: production exists elsewhere in the
# repository (shop/), and modules/ belongs to the whole repository.
resource "aws_db_instance" "this" {
  password = "module-default-pw-5512" # want "password is a literal credential in shared config"
}
